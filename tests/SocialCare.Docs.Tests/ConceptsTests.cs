using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Docs.Tests.Snippets;
using SocialCare.Testing;

namespace SocialCare.Docs.Tests;

/// <summary>Checks docs/concepts.md against the code: the state diagram, the list of transitions, the snippets.</summary>
public sealed partial class ConceptsTests
{
    private static readonly string Text = Repository.ReadDoc("concepts.md");

    public static TheoryData<string> Sources => ["mermaid", "list"];

    [Theory]
    [MemberData(nameof(Sources))]
    public void Transitions_OnThePage_AreTheTableOfTicketTransitions(string source)
    {
        var table = Enum.GetValues<TicketState>()
            .SelectMany(from => TicketTransitions.AllowedFrom(from).Select(to => $"{from} -> {to}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        var documented = (source == "mermaid" ? MermaidMoves() : ListedMoves()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(table, documented);
    }

    [Fact]
    public void Transitions_List_SaysWhichStatesAreTerminal()
    {
        var terminal = Enum.GetValues<TicketState>().Where(s => TicketTransitions.AllowedFrom(s).Count == 0).Select(s => $"`{s}`");

        Assert.Contains($"- {string.Join(", ", terminal)}: none (terminal).", Text, StringComparison.Ordinal);
        Assert.Contains("Closed --> [*]", Text, StringComparison.Ordinal);
        Assert.Contains("Merged --> [*]", Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TransitionsSnippet_OnAnUnassignedOpenTicket_OffersTheTableAndRefusesToResolve()
    {
        var time = new FakeTimeProvider();
        var ticket = new Ticket(TicketId.New(time.GetUtcNow()), default, new CustomerId("c1"), TicketState.Open, time.GetUtcNow(), Version: 1);

        var (next, resolve) = ConceptsSnippets.Preview(ticket, new AgentId("giulia"), time);
        var (_, assigned) = ConceptsSnippets.Preview(ticket with { Assignee = new AgentId("giulia") }, new AgentId("giulia"), time);

        Assert.Equal([TicketState.Pending, TicketState.OnHold, TicketState.Resolved, TicketState.Merged], next);
        Assert.Equal(TransitionRejection.AssigneeRequired, resolve.Rejection);
        Assert.True(assigned.Succeeded);
        Assert.Equal(TicketState.Resolved, assigned.Ticket!.State);
    }

    [Fact]
    public void LifecycleSnippet_IsValid_AndXHasItsOwnSettings()
    {
        var services = new ServiceCollection();
        ConceptsSnippets.ConfigureLifecycle(services);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SocialCareOptions>>().Value;   // runs the validators

        Assert.Equal(TimeSpan.FromDays(3), options.Lifecycle.ReopenResolvedWithin);
        Assert.Equal(TimeSpan.FromHours(12), options.ChannelLifecycle[ChannelId.X].CloseResolvedAfter);
        Assert.Null(options.ChannelLifecycle[ChannelId.X].ResolvePendingAfter);
    }

    [Fact]
    public void LifecycleTable_ShowsTheDefaults()
    {
        var defaults = new TicketLifecycleOptions();

        Assert.Equal(TimeSpan.FromDays(7), defaults.ReopenResolvedWithin);
        Assert.Equal(TimeSpan.FromDays(4), defaults.CloseResolvedAfter);
        Assert.Null(defaults.ResolvePendingAfter);
        Assert.False(defaults.RequireAssigneeToResolve);
        Assert.Contains("| `ReopenResolvedWithin` | 7 days |", Text, StringComparison.Ordinal);
        Assert.Contains("| `CloseResolvedAfter` | 4 days |", Text, StringComparison.Ordinal);
        Assert.Contains("| `ResolvePendingAfter` | `null` (off) |", Text, StringComparison.Ordinal);
    }

    private static IEnumerable<string> MermaidMoves()
    {
        var block = Text[Text.IndexOf("```mermaid", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("\n```", 10, StringComparison.Ordinal)];
        return MermaidMove().Matches(block).Select(m => $"{m.Groups["from"].Value} -> {m.Groups["to"].Value}");
    }

    private static IEnumerable<string> ListedMoves()
        => ListedMove().Matches(Text).Select(m => $"{m.Groups["from"].Value} -> {m.Groups["to"].Value}");

    [GeneratedRegex(@"^\s+(?<from>[A-Za-z]+) --> (?<to>[A-Za-z]+)\b", RegexOptions.Multiline)]
    private static partial Regex MermaidMove();

    [GeneratedRegex(@"^- `(?<from>[A-Za-z]+)` → `(?<to>[A-Za-z]+)`:", RegexOptions.Multiline)]
    private static partial Regex ListedMove();
}
