namespace Lad.Engine.Model.Default;

/// <summary>
/// How surprising it is that a program writes a template no line of that program had in training. On most syslog hosts
/// each message belongs to one program, and another program writing it (a masquerading process, a service logging
/// another's lines) is news; on some, messages are shared. The host's own history says which: how often a template's
/// next line came from a program that template had not had yet, pooled over all its templates. A template seen a few
/// times borrows that host-wide rate, so one seen once is judged by the host's habit, not by its single line.
/// </summary>
internal sealed class ProgramNovelty
{
    // How many of a template's own lines weigh as much as the host-wide rate in its estimate.
    private const double PriorLines = ValueCounter.ConfidenceObservations;

    private ProgramNovelty(long changes, long chances)
    {
        Changes = changes;
        Chances = chances;
        HostRate = (changes + 1.0) / (chances + 2.0);
        Confidence = chances / (chances + ValueCounter.ConfidenceObservations);
    }

    /// <summary>Lines of a known template (its second and later) whose program it had not had yet.</summary>
    public long Changes { get; }

    /// <summary>Lines of a known template that were written by a program: every chance to bring a new program.</summary>
    public long Chances { get; }

    /// <summary>The host-wide rate of a template's line coming from a new program, (changes + 1) / (chances + 2).</summary>
    public double HostRate { get; }

    /// <summary>How far the host's history can show its habit, in [0, 1): few chances say little.</summary>
    public double Confidence { get; }

    /// <summary>Pools what <paramref name="templates"/> show of their programs.</summary>
    public static ProgramNovelty Of(IEnumerable<TemplateProfile> templates)
    {
        long changes = 0, chances = 0;
        foreach (var template in templates)
        {
            var (templateChanges, templateChances) = CountsOf(template.Programs);
            changes += templateChanges;
            chances += templateChances;
        }

        return new ProgramNovelty(changes, chances);
    }

    /// <summary>
    /// The estimated rate at which <paramref name="template"/>'s lines bring a new program: its own new programs over
    /// its own chances, with <see cref="PriorLines"/> lines at the host-wide rate added.
    /// </summary>
    public double RateOf(TemplateProfile template)
    {
        var (changes, chances) = CountsOf(template.Programs);
        return (changes + (PriorLines * HostRate)) / (chances + PriorLines);
    }

    /// <summary>
    /// Of one template's lines after its first: how many came from a program it had not had yet, and how many there were.
    /// An open-ended counter kept no values, so each of its lines may have brought a new program.
    /// </summary>
    private static (long Changes, long Chances) CountsOf(ValueCounter programs)
    {
        var chances = Math.Max(programs.Observations - 1, 0);
        return (programs.IsOpen ? chances : Math.Max(programs.Distinct - 1, 0), chances);
    }

    /// <summary>How surprising a program <paramref name="template"/> never had is, in [0, 1).</summary>
    public double SurpriseOf(TemplateProfile template) => (1 - RateOf(template)) * Confidence;
}
