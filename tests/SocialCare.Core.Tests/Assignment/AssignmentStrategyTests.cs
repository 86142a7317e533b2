using System.Collections.Concurrent;

namespace SocialCare.Core.Tests.Assignment;

public class AssignmentStrategyTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Participant Customer = new(ChannelId.WhatsApp, new ChannelAccountId("phone-1"), new NetworkUserId("US.123"));
    private static readonly ConversationRef Conversation = ConversationRef.PrivateWith(Customer);
    private static readonly CustomerId CustomerId = new("c1");
    private static readonly Ticket Ticket = new(new TicketId("t1"), Conversation, CustomerId, TicketState.New, At, 1);

    // Round robin

    [Fact]
    public void RoundRobin_ThousandTicketsSevenAgents_CountsDifferByAtMostOne()
    {
        var strategy = new RoundRobinAssignment();
        var candidates = Agents(7).Select(a => new AssignmentCandidate(a, 0)).ToArray();
        var counts = new Dictionary<string, int>();

        for (var i = 0; i < 1_000; i++)
        {
            var chosen = strategy.Choose(new AssignmentContext(Ticket, candidates));
            Assert.NotNull(chosen);
            counts[chosen.Value.Value] = counts.GetValueOrDefault(chosen.Value.Value) + 1;
        }

        Assert.Equal(7, counts.Count);
        Assert.True(counts.Values.Max() - counts.Values.Min() <= 1, string.Join(", ", counts));
    }

    [Fact]
    public void RoundRobin_SameCandidates_GoesInIdOrderAndWrapsAround()
    {
        var strategy = new RoundRobinAssignment();
        var candidates = new[] { Candidate("b"), Candidate("c"), Candidate("a") };

        var chosen = Enumerable.Range(0, 7).Select(_ => strategy.Choose(new AssignmentContext(Ticket, candidates))!.Value.Value);

        Assert.Equal(["a", "b", "c", "a", "b", "c", "a"], chosen);
    }

    [Fact]
    public void RoundRobin_IdsComparedOrdinally_UpperCaseBeforeLowerCase()
    {
        var strategy = new RoundRobinAssignment();
        var candidates = new[] { Candidate("a"), Candidate("B"), Candidate("a10"), Candidate("a2") };

        var chosen = Enumerable.Range(0, 4).Select(_ => strategy.Choose(new AssignmentContext(Ticket, candidates))!.Value.Value);

        Assert.Equal(["B", "a", "a10", "a2"], chosen);
    }

    [Fact]
    public void RoundRobin_AgentAbsentForOneTurn_TurnContinuesAfterTheLastChosen()
    {
        var strategy = new RoundRobinAssignment();
        var all = new[] { Candidate("a"), Candidate("b"), Candidate("c"), Candidate("d"), Candidate("e") };
        var withoutC = all.Where(c => c.Agent.Id.Value != "c").ToArray();

        var sequence = new[]
        {
            strategy.Choose(new AssignmentContext(Ticket, all)),
            strategy.Choose(new AssignmentContext(Ticket, all)),
            strategy.Choose(new AssignmentContext(Ticket, withoutC)),
            strategy.Choose(new AssignmentContext(Ticket, all)),
            strategy.Choose(new AssignmentContext(Ticket, all)),
            strategy.Choose(new AssignmentContext(Ticket, all)),
        };

        Assert.Equal(["a", "b", "d", "e", "a", "b"], sequence.Select(id => id!.Value.Value));
    }

    [Fact]
    public void RoundRobin_AgentBrieflyAbsent_FairnessKeptBeforeDuringAndAfter()
    {
        var strategy = new RoundRobinAssignment();
        var all = Agents(7).Select(a => new AssignmentCandidate(a, 0)).ToArray();
        var absent = all[3].Agent.Id;
        var withoutOne = all.Where(c => c.Agent.Id != absent).ToArray();
        var total = new Dictionary<AgentId, int>();
        var afterReturn = new Dictionary<AgentId, int>();

        for (var i = 0; i < 1_000; i++)
        {
            var isAbsent = i is >= 300 and < 310;
            var chosen = strategy.Choose(new AssignmentContext(Ticket, isAbsent ? withoutOne : all))!.Value;

            Assert.False(isAbsent && chosen == absent);
            total[chosen] = total.GetValueOrDefault(chosen) + 1;
            if (i >= 310)
            {
                afterReturn[chosen] = afterReturn.GetValueOrDefault(chosen) + 1;
            }
        }

        // The agents who never left stay within one ticket of each other.
        var present = total.Where(p => p.Key != absent).Select(p => p.Value).ToArray();
        Assert.True(present.Max() - present.Min() <= 1, string.Join(", ", total));

        // Once back, the absent agent takes its turns like everyone else (the turn was not reset)...
        Assert.Equal(7, afterReturn.Count);
        Assert.True(afterReturn.Values.Max() - afterReturn.Values.Min() <= 1, string.Join(", ", afterReturn));

        // ...and lags only by the turns it was away for (at most 2 in 10 tickets among 6 agents).
        Assert.InRange(total[absent], present.Min() - 2, present.Max());
    }

    [Fact]
    public void RoundRobin_AgentJoins_GetsItsTurnWithoutResettingTheOrder()
    {
        var strategy = new RoundRobinAssignment();
        var before = new[] { Candidate("a"), Candidate("c") };
        var after = new[] { Candidate("a"), Candidate("b"), Candidate("c") };

        Assert.Equal("a", strategy.Choose(new AssignmentContext(Ticket, before))!.Value.Value);
        Assert.Equal("b", strategy.Choose(new AssignmentContext(Ticket, after))!.Value.Value);
        Assert.Equal("c", strategy.Choose(new AssignmentContext(Ticket, after))!.Value.Value);
        Assert.Equal("a", strategy.Choose(new AssignmentContext(Ticket, after))!.Value.Value);
    }

    [Fact]
    public void RoundRobin_LastChosenLeaves_WrapsToSmallestId()
    {
        var strategy = new RoundRobinAssignment();
        var all = new[] { Candidate("a"), Candidate("b"), Candidate("c") };

        strategy.Choose(new AssignmentContext(Ticket, all));
        strategy.Choose(new AssignmentContext(Ticket, all));
        strategy.Choose(new AssignmentContext(Ticket, all));

        Assert.Equal("a", strategy.Choose(new AssignmentContext(Ticket, [Candidate("a"), Candidate("b")]))!.Value.Value);
    }

    [Fact]
    public void RoundRobin_NoCandidates_ReturnsNull()
        => Assert.Null(new RoundRobinAssignment().Choose(new AssignmentContext(Ticket, [])));

    [Fact]
    public void RoundRobin_NullContext_Throws()
        => Assert.Throws<ArgumentNullException>(() => new RoundRobinAssignment().Choose(null!));

    [Fact]
    public void RoundRobin_ManyThreads_CountsDifferByAtMostOne()
    {
        // 100 agents rather than a handful: the longer scan under the lock makes a missing lock show up reliably.
        var strategy = new RoundRobinAssignment();
        var candidates = Agents(100).Select(a => new AssignmentCandidate(a, 0)).ToArray();
        var counts = new ConcurrentDictionary<AgentId, int>();
        var nulls = 0;

        Parallel.For(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount) }, _ =>
        {
            var chosen = strategy.Choose(new AssignmentContext(Ticket, candidates));
            if (chosen is { } id)
            {
                counts.AddOrUpdate(id, 1, (_, n) => n + 1);
            }
            else
            {
                Interlocked.Increment(ref nulls);
            }
        });

        Assert.Equal(0, nulls);
        Assert.Equal(100, counts.Count);
        Assert.Equal(10_000, counts.Values.Sum());
        Assert.True(counts.Values.Max() - counts.Values.Min() <= 1, string.Join(", ", counts));
    }

    // Least loaded

    [Fact]
    public void LeastLoaded_DifferentRatios_PicksLowestRatio()
    {
        var candidates = new[]
        {
            Candidate("a", load: 5, capacity: 10), // 0.5
            Candidate("b", load: 2, capacity: 3),  // 0.67
            Candidate("c", load: 2, capacity: 10), // 0.2: more tickets than d, but a lower ratio
            Candidate("d", load: 1, capacity: 3),  // 0.33
        };

        Assert.Equal("c", new LeastLoadedAssignment().Choose(new AssignmentContext(Ticket, candidates))!.Value.Value);
    }

    [Fact]
    public void LeastLoaded_SameRatio_PicksFewerTickets()
    {
        var candidates = new[]
        {
            Candidate("a", load: 4, capacity: 8),
            Candidate("b", load: 1, capacity: 2),
            Candidate("c", load: 2, capacity: 4),
        };

        Assert.Equal("b", new LeastLoadedAssignment().Choose(new AssignmentContext(Ticket, candidates))!.Value.Value);
    }

    [Fact]
    public void LeastLoaded_SameRatioAndLoad_PicksLowestIdOrdinally()
    {
        var candidates = new[]
        {
            Candidate("b", load: 1, capacity: 3),
            Candidate("a", load: 1, capacity: 3),
            Candidate("B", load: 1, capacity: 3),
        };

        Assert.Equal("B", new LeastLoadedAssignment().Choose(new AssignmentContext(Ticket, candidates))!.Value.Value);
    }

    [Fact]
    public void LeastLoaded_RatiosEqualOnlyAsFractions_TreatedAsTie()
    {
        // 1/3 and 3/9 are the same fraction; with a tie the one with fewer tickets wins.
        var candidates = new[] { Candidate("a", load: 3, capacity: 9), Candidate("b", load: 1, capacity: 3) };

        Assert.Equal("b", new LeastLoadedAssignment().Choose(new AssignmentContext(Ticket, candidates))!.Value.Value);
    }

    [Fact]
    public void LeastLoaded_RatiosCloserThanDoublePrecision_LowestRatioStillWins()
    {
        // 1 - 2/2,000,000,001 < 1 - 1/1,000,000,001 by about 5e-19: the same double, but not the same fraction. A
        // floating-point comparison would see a tie and pick b for its fewer tickets.
        var candidates = new[]
        {
            Candidate("a", load: 1_999_999_999, capacity: 2_000_000_001),
            Candidate("b", load: 1_000_000_000, capacity: 1_000_000_001),
        };

        Assert.Equal("a", new LeastLoadedAssignment().Choose(new AssignmentContext(Ticket, candidates))!.Value.Value);
    }

    [Fact]
    public void LeastLoaded_LargeNumbers_NoOverflow()
    {
        var candidates = new[]
        {
            Candidate("a", load: int.MaxValue - 2, capacity: int.MaxValue),
            Candidate("b", load: int.MaxValue - 1, capacity: int.MaxValue),
        };

        Assert.Equal("a", new LeastLoadedAssignment().Choose(new AssignmentContext(Ticket, candidates))!.Value.Value);
    }

    [Fact]
    public void LeastLoaded_CandidatesWithoutCapacity_Skipped()
    {
        var candidates = new[]
        {
            Candidate("a", load: 3, capacity: 3),
            Candidate("b", load: 0, capacity: 0),
            Candidate("c", load: 9, capacity: 10),
        };

        Assert.Equal("c", new LeastLoadedAssignment().Choose(new AssignmentContext(Ticket, candidates))!.Value.Value);
    }

    [Fact]
    public void LeastLoaded_NoneWithCapacity_ReturnsNull()
        => Assert.Null(new LeastLoadedAssignment().Choose(new AssignmentContext(Ticket, [Candidate("a", load: 3, capacity: 3)])));

    [Fact]
    public void LeastLoaded_NoCandidates_ReturnsNull()
        => Assert.Null(new LeastLoadedAssignment().Choose(new AssignmentContext(Ticket, [])));

    [Fact]
    public void RoundRobin_CandidatesWithoutCapacity_Skipped()
    {
        var strategy = new RoundRobinAssignment();
        var candidates = new[] { Candidate("a", load: 3, capacity: 3), Candidate("b", load: 1, capacity: 3), Candidate("c", load: 0, capacity: 0) };

        Assert.Equal("b", strategy.Choose(new AssignmentContext(Ticket, candidates))!.Value.Value);
        Assert.Equal("b", strategy.Choose(new AssignmentContext(Ticket, candidates))!.Value.Value);
        Assert.Null(strategy.Choose(new AssignmentContext(Ticket, [Candidate("a", load: 3, capacity: 3)])));
    }

    // Capacity in a simulation

    [Theory]
    [InlineData(AssignmentStrategyKind.RoundRobin)]
    [InlineData(AssignmentStrategyKind.LeastLoaded)]
    public void Simulation_ThousandTickets_CapacityNeverExceededAndNullWhenAllFull(AssignmentStrategyKind kind)
    {
        IAssignmentStrategy strategy = kind == AssignmentStrategyKind.RoundRobin ? new RoundRobinAssignment() : new LeastLoadedAssignment();
        var agents = new[] { Agent("a", capacity: 3), Agent("b", capacity: 5), Agent("c", capacity: 10) };
        var loads = agents.ToDictionary(a => a.Id, _ => 0);
        var options = new AssignmentOptions();
        var random = new Random(7);
        var assigned = 0;
        var queued = 0;

        for (var i = 0; i < 1_000; i++)
        {
            // Random resolutions: on average a little fewer than the tickets coming in, so that everyone fills up at times.
            if (random.Next(100) < 45)
            {
                for (var r = 0; r < 2; r++)
                {
                    var busy = loads.Where(p => p.Value > 0).Select(p => p.Key).ToArray();
                    if (busy.Length > 0)
                    {
                        loads[busy[random.Next(busy.Length)]]--;
                    }
                }
            }

            var ticket = Ticket with { Id = new TicketId("t" + i) };
            var everyone = agents.Select(a => new AssignmentCandidate(a, loads[a.Id])).ToArray();
            var eligible = AssignmentFilters.Eligible(ticket, null, everyone, options);
            var chosen = strategy.Choose(new AssignmentContext(ticket, eligible));

            var allFull = everyone.All(c => c.Load >= c.Agent.Capacity);
            if (chosen is { } id)
            {
                var candidate = Assert.Single(eligible, c => c.Agent.Id == id);
                Assert.True(candidate.Load < candidate.Agent.Capacity);
                loads[id]++;
                assigned++;
            }
            else
            {
                Assert.True(allFull, $"ticket {i} was left in the queue while someone had room");
                queued++;
            }

            Assert.All(agents, a => Assert.InRange(loads[a.Id], 0, a.Capacity));
        }

        Assert.Equal(1_000, assigned + queued);
        Assert.True(queued > 0, "the simulation never filled every agent up");
        Assert.True(assigned > 100, $"only {assigned} tickets were assigned");
    }

    // Filters

    [Fact]
    public void Eligible_AwayAndOffline_Excluded()
    {
        var candidates = new[]
        {
            new AssignmentCandidate(Agent("a") with { Presence = AgentPresence.Away }, 0),
            new AssignmentCandidate(Agent("b"), 0),
            new AssignmentCandidate(Agent("c") with { Presence = AgentPresence.Offline }, 0),
        };

        Assert.Equal(["b"], Ids(AssignmentFilters.Eligible(Ticket, null, candidates, new AssignmentOptions())));
    }

    [Fact]
    public void Eligible_FullAgents_Excluded()
    {
        var candidates = new[] { Candidate("a", load: 3, capacity: 3), Candidate("b", load: 2, capacity: 3), Candidate("c", load: 0, capacity: 0) };

        Assert.Equal(["b"], Ids(AssignmentFilters.Eligible(Ticket, null, candidates, new AssignmentOptions())));
    }

    [Fact]
    public void Eligible_ChannelFilter_KeepsAgentsOfTheChannelAndThoseWithNoChannels()
    {
        var candidates = new[]
        {
            new AssignmentCandidate(Agent("a") with { Channels = [ChannelId.Facebook] }, 0),
            new AssignmentCandidate(Agent("b") with { Channels = [ChannelId.X, ChannelId.WhatsApp] }, 0),
            new AssignmentCandidate(Agent("c"), 0),
        };

        Assert.Equal(["b", "c"], Ids(AssignmentFilters.Eligible(Ticket, null, candidates, new AssignmentOptions())));
        Assert.Equal(["a", "b", "c"], Ids(AssignmentFilters.Eligible(Ticket, null, candidates, new AssignmentOptions { MatchChannel = false })));
    }

    [Fact]
    public void Eligible_SkillFilter_RequiresEverySkillCaseInsensitive()
    {
        var ticket = Ticket with { RequiredSkills = ["Billing", "refunds"] };
        var candidates = new[]
        {
            new AssignmentCandidate(Agent("a") with { Skills = ["billing"] }, 0),
            new AssignmentCandidate(Agent("b") with { Skills = ["REFUNDS", "billing", "returns"] }, 0),
            new AssignmentCandidate(Agent("c"), 0),
        };

        Assert.Equal(["b"], Ids(AssignmentFilters.Eligible(ticket, null, candidates, new AssignmentOptions())));
        Assert.Equal(["a", "b", "c"], Ids(AssignmentFilters.Eligible(ticket, null, candidates, new AssignmentOptions { MatchSkills = false })));
    }

    [Fact]
    public void Eligible_NoRequiredSkills_AgentsWithoutSkillsKept()
    {
        var candidates = new[] { new AssignmentCandidate(Agent("a"), 0), new AssignmentCandidate(Agent("b") with { Skills = ["billing"] }, 0) };

        Assert.Equal(["a", "b"], Ids(AssignmentFilters.Eligible(Ticket, null, candidates, new AssignmentOptions())));
    }

    [Theory]
    [InlineData("it")]
    [InlineData("it-IT")]
    [InlineData("IT-ch")]
    public void Eligible_SomeoneSpeaksTheLanguage_OnlySpeakersKept(string language)
    {
        var candidates = new[]
        {
            new AssignmentCandidate(Agent("a") with { Languages = ["en"] }, 0),
            new AssignmentCandidate(Agent("b") with { Languages = ["en-GB", "it-IT"] }, 0),
            new AssignmentCandidate(Agent("c") with { Languages = ["It"] }, 0),
            new AssignmentCandidate(Agent("d"), 0),
        };

        Assert.Equal(["b", "c"], Ids(AssignmentFilters.Eligible(Ticket, language, candidates, new AssignmentOptions())));
    }

    [Fact]
    public void Eligible_NobodySpeaksTheLanguage_EveryoneKept()
    {
        var candidates = new[]
        {
            new AssignmentCandidate(Agent("a") with { Languages = ["en"] }, 0),
            new AssignmentCandidate(Agent("b") with { Languages = ["de"] }, 0),
        };

        Assert.Equal(["a", "b"], Ids(AssignmentFilters.Eligible(Ticket, "it", candidates, new AssignmentOptions())));
    }

    [Fact]
    public void Eligible_OnlySpeakerIsAway_FallsBackToTheAvailableOthers()
    {
        var candidates = new[]
        {
            new AssignmentCandidate(Agent("a") with { Languages = ["en"] }, 0),
            new AssignmentCandidate(Agent("b") with { Languages = ["it"], Presence = AgentPresence.Away }, 0),
        };

        Assert.Equal(["a"], Ids(AssignmentFilters.Eligible(Ticket, "it", candidates, new AssignmentOptions())));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Eligible_LanguageUnknown_EveryoneKept(string? language)
    {
        var candidates = new[]
        {
            new AssignmentCandidate(Agent("a") with { Languages = ["en"] }, 0),
            new AssignmentCandidate(Agent("b") with { Languages = ["it"] }, 0),
        };

        Assert.Equal(["a", "b"], Ids(AssignmentFilters.Eligible(Ticket, language, candidates, new AssignmentOptions())));
    }

    [Fact]
    public void Eligible_MatchLanguageOff_EveryoneKept()
    {
        var candidates = new[]
        {
            new AssignmentCandidate(Agent("a") with { Languages = ["en"] }, 0),
            new AssignmentCandidate(Agent("b") with { Languages = ["it"] }, 0),
        };

        Assert.Equal(["a", "b"], Ids(AssignmentFilters.Eligible(Ticket, "it", candidates, new AssignmentOptions { MatchLanguage = false })));
    }

    [Fact]
    public void Eligible_Always_OrderedByIdOrdinally()
    {
        var candidates = new[] { Candidate("b"), Candidate("a10"), Candidate("B"), Candidate("a2"), Candidate("a") };

        Assert.Equal(["B", "a", "a10", "a2", "b"], Ids(AssignmentFilters.Eligible(Ticket, null, candidates, new AssignmentOptions())));
    }

    [Fact]
    public void Eligible_NullArguments_Throw()
    {
        var options = new AssignmentOptions();
        Assert.Throws<ArgumentNullException>(() => AssignmentFilters.Eligible(null!, null, [], options));
        Assert.Throws<ArgumentNullException>(() => AssignmentFilters.Eligible(Ticket, null, null!, options));
        Assert.Throws<ArgumentNullException>(() => AssignmentFilters.Eligible(Ticket, null, [], null!));
    }

    private static Agent Agent(string id, int capacity = 10)
        => new(new AgentId(id), id.ToUpperInvariant()) { Presence = AgentPresence.Available, Capacity = capacity };

    private static Agent[] Agents(int count) => Enumerable.Range(1, count).Select(i => Agent("agent-" + i)).ToArray();

    private static AssignmentCandidate Candidate(string id, int load = 0, int capacity = 10) => new(Agent(id, capacity), load);

    private static string[] Ids(IEnumerable<AssignmentCandidate> candidates) => candidates.Select(c => c.Agent.Id.Value).ToArray();
}
