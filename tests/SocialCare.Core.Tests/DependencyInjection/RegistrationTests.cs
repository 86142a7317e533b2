using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocialCare.Core.Tests.TestChannel;
using SocialCare.Testing;

namespace SocialCare.Core.Tests.DependencyInjection;

public class RegistrationTests
{
    [Fact]
    public async Task Start_MissingRequiredChannelSecret_FailsNamingTheOption()
    {
        using var host = BuildHost(s => s.AddSocialCare().AddTestChannel(_ => { }));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(nameof(TestChannelOptions.Secret), ex.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(TestChannelOptions), ex.OptionsType);
    }

    [Fact]
    public async Task Start_BodyLimitOutOfRange_FailsNamingTheOption()
    {
        using var host = BuildHost(s => s.AddSocialCare(o => o.MaxRequestBodySize = 10));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(nameof(SocialCareOptions.MaxRequestBodySize), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_TwoAdaptersForOneChannel_FailsNamingTheChannel()
    {
        var twin = Substitute.For<IChannelAdapter>();
        twin.Channel.Returns(TestChannelAdapter.Id);
        var services = new ServiceCollection().AddSingleton(twin);
        services.AddSocialCare().AddTestChannel(o => o.Secret = "x");
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IWebhookPipeline>());

        Assert.Contains("'test'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ValidConfiguration_StartsAndServes()
    {
        using var host = BuildHost(s => s.AddSocialCare().AddTestChannel(o => o.Secret = TestWebhooks.Secret));

        await host.StartAsync();
        var response = await host.Services.GetRequiredService<IWebhookPipeline>()
            .ProcessAsync(TestChannelAdapter.Id, TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "hi")), CancellationToken.None);
        await host.StopAsync();

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public void AddSocialCare_CalledTwice_RegistersEachServiceOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();

        services.AddSocialCare(o => o.MaxRequestBodySize = 2048);
        services.AddSocialCare(o => o.MaxConcurrencyAttempts = 7).AddTestChannel(o => o.Secret = "s").AddTestChannel(o => o.Secret = "s");

        Assert.Single(services, d => d.ServiceType == typeof(IWebhookPipeline));
        Assert.Single(services, d => d.ServiceType == typeof(ITicketStore));
        Assert.Single(services, d => d.ServiceType == typeof(IChannelAdapter));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<SocialCareOptions>>().Value;
        Assert.Equal((2048, 7), (options.MaxRequestBodySize, options.MaxConcurrencyAttempts));
    }

    [Fact]
    public void AddSocialCare_Defaults_AreInMemoryAndSystemClock()
    {
        using var provider = new ServiceCollection().AddSocialCare().Services.BuildServiceProvider(validateScopes: true);

        Assert.IsType<InMemoryTicketStore>(provider.GetRequiredService<ITicketStore>());
        Assert.IsType<InMemoryCustomerDirectory>(provider.GetRequiredService<ICustomerDirectory>());
        Assert.IsType<InMemoryAgentDirectory>(provider.GetRequiredService<IAgentDirectory>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Empty(provider.GetRequiredService<IWebhookPipeline>().Channels);
        Assert.Equal(SocialCareOptions.DefaultMaxRequestBodySize, provider.GetRequiredService<IOptions<SocialCareOptions>>().Value.MaxRequestBodySize);
    }

    [Fact]
    public void AddSocialCare_ExistingTimeProvider_IsKept()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);

        using var provider = services.AddSocialCare().Services.BuildServiceProvider();

        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void HostSeams_CanBeReplaced()
    {
        var services = new ServiceCollection();

        services.AddSocialCare()
            .AddTicketStore<OtherStore>()
            .AddCustomerDirectory<OtherDirectory>()
            .AddInboundEventHandler<OtherHandler>()
            .AddAutoResponder<OtherResponder>()
            .AddTicketEventSink<RecordingSink>()
            .AddTicketEventSink<RecordingSink>();

        using var provider = services.BuildServiceProvider();
        Assert.IsType<OtherStore>(provider.GetRequiredService<ITicketStore>());
        Assert.IsType<OtherDirectory>(provider.GetRequiredService<ICustomerDirectory>());
        Assert.IsType<OtherHandler>(provider.GetRequiredService<IInboundEventHandler>());
        Assert.IsType<OtherResponder>(provider.GetRequiredService<IAutoResponder>());
        Assert.Single(provider.GetServices<ITicketEventSink>());
    }

    [Fact]
    public void Builders_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddSocialCare());
        Assert.Throws<ArgumentNullException>(() => ((ISocialCareBuilder)null!).AddChannelAdapter<TestChannelAdapter>());
    }

    private static IHost BuildHost(Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configure(builder.Services);
        return builder.Build();
    }

    private sealed class OtherStore() : ForwardingStore(new InMemoryTicketStore());

    private sealed class OtherDirectory(TimeProvider time) : ICustomerDirectory
    {
        private readonly InMemoryCustomerDirectory _inner = new(time);

        public ValueTask<Customer> ResolveAsync(Participant participant, CancellationToken cancellationToken) => _inner.ResolveAsync(participant, cancellationToken);

        public ValueTask<Customer?> FindAsync(Participant identity, CancellationToken cancellationToken) => _inner.FindAsync(identity, cancellationToken);

        public ValueTask<Customer?> GetAsync(CustomerId id, CancellationToken cancellationToken) => _inner.GetAsync(id, cancellationToken);

        public ValueTask<Customer> LinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken) => _inner.LinkAsync(id, identity, cancellationToken);

        public ValueTask<Customer> UnlinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken) => _inner.UnlinkAsync(id, identity, cancellationToken);

        public ValueTask<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken) => _inner.UpdateAsync(customer, cancellationToken);
    }

    private sealed class OtherHandler : IInboundEventHandler
    {
        public Task<InboundOutcome> HandleAsync(InboundContext context, CancellationToken cancellationToken) => Task.FromResult(InboundOutcome.Ignored);
    }

    private sealed class OtherResponder : IAutoResponder
    {
        public ValueTask<AutoResponse?> RespondAsync(AutoResponderContext context, CancellationToken cancellationToken) => ValueTask.FromResult<AutoResponse?>(null);
    }
}
