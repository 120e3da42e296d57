namespace Lad.Engine.Source.Synthetic;

/// <summary>A program that writes to syslog and the messages it normally writes.</summary>
/// <param name="Name">The syslog tag.</param>
/// <param name="NewPidPerLine">True for programs that fork per job or connection (sshd, cron), so the pid varies.</param>
/// <param name="Templates">Its normal messages.</param>
internal sealed record ProgramProfile(string Name, bool NewPidPerLine, IReadOnlyList<MessageTemplate> Templates);
