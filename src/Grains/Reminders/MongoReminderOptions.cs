using Lad.Grains.Clustering;

namespace Lad.Grains.Reminders;

/// <summary>Settings of <see cref="MongoReminderTable"/>; reminders go to <c>&lt;CollectionPrefix&gt;reminders</c>.</summary>
public sealed class MongoReminderOptions : MongoTableOptions;
