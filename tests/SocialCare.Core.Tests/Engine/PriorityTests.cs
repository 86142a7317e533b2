namespace SocialCare.Core.Tests.Engine;

public class PriorityTests
{
    [Fact]
    public async Task PublicComplaint_IsRaisedToHigh_WithAnEvent()
    {
        await using var h = new EngineHarness();

        var ticket = await h.SayAsync("anna", "where is my parcel", post: "post-1");

        Assert.Equal(TicketPriority.High, ticket.Priority);
        var changed = Assert.Single(h.EventsOf<TicketPriorityChanged>());
        Assert.Equal((TicketPriority.Normal, TicketPriority.High, "public thread"), (changed.From, changed.To, changed.Reason));
    }

    [Theory]
    [InlineData("The screen is broken", TicketPriority.High)]
    [InlineData("voglio il RIMBORSO!", TicketPriority.High)]
    [InlineData("è rotto", TicketPriority.High)]
    [InlineData("unbroken record", TicketPriority.Normal)]
    [InlineData("how much is it?", TicketPriority.Normal)]
    public async Task Keywords_RaisePriority_AsWholeWords(string text, TicketPriority expected)
    {
        await using var h = new EngineHarness();

        var ticket = await h.SayAsync("anna", text);

        Assert.Equal(expected, ticket.Priority);
    }

    [Fact]
    public async Task VipCustomer_IsRaised()
    {
        await using var h = new EngineHarness();
        var customer = await h.Customers.ResolveAsync(EngineHarness.Person("anna"), default);
        h.Customers.Update(customer with { IsVip = true });

        var ticket = await h.SayAsync("anna", "hello");

        Assert.Equal(TicketPriority.High, ticket.Priority);
        Assert.Equal("VIP customer", Assert.Single(h.EventsOf<TicketPriorityChanged>()).Reason);
    }

    [Fact]
    public async Task DefaultRules_CanBeSwitchedOffAndConfigured()
    {
        await using var h = new EngineHarness(o =>
        {
            o.Priority.PublicThread = null;
            o.Priority.Keywords.Clear();
            o.Priority.Keywords.Add("lawyer");
            o.Priority.UrgentKeywords.Add("data breach");
        });

        var publicTicket = await h.SayAsync("anna", "refund please", post: "post-1");
        var urgent = await h.SayAsync("bob", "this is a DATA BREACH");
        var keyword = await h.SayAsync("carl", "calling my lawyer");

        Assert.Equal(TicketPriority.Normal, publicTicket.Priority);
        Assert.Equal(TicketPriority.Urgent, urgent.Priority);
        Assert.Equal(TicketPriority.High, keyword.Priority);
    }

    [Fact]
    public async Task HostRule_IsAskedToo_AndTheHighestWins()
    {
        await using var h = new EngineHarness(builder: b => b.AddPriorityRule<OutageRule>());

        var ticket = await h.SayAsync("anna", "outage in Milan, also broken");

        Assert.Equal(TicketPriority.Urgent, ticket.Priority);
        Assert.Equal("outage", Assert.Single(h.EventsOf<TicketPriorityChanged>()).Reason);
    }

    [Fact]
    public async Task Rules_NeverLowerAPriorityAPersonSet()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");
        await h.Engine.SetPriorityAsync(ticket.Id, TicketPriority.Urgent, TicketActor.ForAgent(new AgentId("zoe")));

        var after = await h.SayAsync("anna", "it is broken");

        Assert.Equal(TicketPriority.Urgent, after.Priority);
        await h.Engine.SetPriorityAsync(ticket.Id, TicketPriority.Low, TicketActor.ForAgent(new AgentId("zoe")));
        Assert.Equal(TicketPriority.Low, (await h.TicketAsync(ticket.Id)).Priority);
    }

    private sealed class OutageRule : IPriorityRule
    {
        public string Name => "outage";

        public TicketPriority? Evaluate(PriorityContext context)
            => context.Message.Parts.OfType<TextPart>().Any(p => p.Text.Contains("outage", StringComparison.OrdinalIgnoreCase)) ? TicketPriority.Urgent : null;
    }
}
