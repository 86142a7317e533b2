using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocialCare.Core.Tests.Engine;
using SocialCare.Testing;

namespace SocialCare.Core.Tests.DependencyInjection;

public class TicketOptionsTests
{
    public static TheoryData<string, Action<SocialCareOptions>> Invalid => new()
    {
        { "SocialCare:Lifecycle:ReopenResolvedWithin", o => o.Lifecycle.ReopenResolvedWithin = TimeSpan.FromDays(-1) },
        { "SocialCare:Lifecycle:CloseResolvedAfter", o => o.Lifecycle.CloseResolvedAfter = TimeSpan.Zero },
        { "SocialCare:ChannelLifecycle:whatsapp:ResolvePendingAfter", o => o.ChannelLifecycle[ChannelId.WhatsApp] = new TicketLifecycleOptions { ResolvePendingAfter = TimeSpan.FromHours(-2) } },
        { "SocialCare:SchedulerInterval", o => o.SchedulerInterval = TimeSpan.Zero },
        { "SocialCare:Assignment:LoadStates", o => o.Assignment.LoadStates.Clear() },
        { "SocialCare:Outbox:MaxAttempts", o => o.Outbox.MaxAttempts = 0 },
        { "SocialCare:Outbox:BatchSize", o => o.Outbox.BatchSize = 5000 },
        { "SocialCare:Sla:WarningShare", o => o.Sla.WarningShare = 1.5 },
        { "SocialCare:Sla:Policies[0]:Name", o => o.Sla.Policies.Add(new SlaPolicy { FirstResponse = TimeSpan.FromHours(1) }) },
        { "SocialCare:Sla:Policies[0]:Calendar", o => o.Sla.Policies.Add(new SlaPolicy { Name = "p", FirstResponse = TimeSpan.FromHours(1), Calendar = "office" }) },
        { "SocialCare:Sla:Policies[0]", o => o.Sla.Policies.Add(new SlaPolicy { Name = "p" }) },
        { "SocialCare:Sla:Policies[0]:Resolution", o => o.Sla.Policies.Add(new SlaPolicy { Name = "p", Resolution = TimeSpan.FromHours(-1) }) },
        { "SocialCare:Sla:Policies[1]:Name", o => { o.Sla.Policies.Add(new SlaPolicy { Name = "p", FirstResponse = TimeSpan.FromHours(1) }); o.Sla.Policies.Add(new SlaPolicy { Name = "P", FirstResponse = TimeSpan.FromHours(2) }); } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Start_InvalidTicketOption_FailsNamingIt(string option, Action<SocialCareOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSocialCare(configure);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(option, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_RunsTheBackgroundScheduler_WhichSendsQueuedReplies()
    {
        var time = new FakeTimeProvider();
        var channel = new FakeChannel(Channels.Messenger, Channels.MessengerCapabilities);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time).AddSingleton<IChannelAdapter>(channel);
        builder.Services.AddSocialCare();
        using var host = builder.Build();
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<ITicketEngine>();
        var person = EngineHarness.Person("anna");
        var customer = await host.Services.GetRequiredService<ICustomerDirectory>().ResolveAsync(person, default);
        await host.Services.GetRequiredService<IInboundEventHandler>().HandleAsync(
            new InboundContext(new InboundEnvelope(new MessageReceived(new IdempotencyKey(person.Channel, person.Account, "e1"), ConversationRef.PrivateWith(person), person, time.GetUtcNow(), new NetworkMessageId("m1"), [new TextPart("hi")])), customer),
            default);
        var ticket = Assert.Single(((InMemoryTicketStore)host.Services.GetRequiredService<ITicketStore>()).GetTickets());

        ((InMemoryAgentDirectory)host.Services.GetRequiredService<IAgentDirectory>()).Upsert(new Agent(new AgentId("zoe"), "Zoe"));
        Assert.True((await engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("zoe"), [new TextPart("hello")]))).Succeeded);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (channel.Sent.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await host.StopAsync();
        Assert.Single(channel.Sent);
    }
}
