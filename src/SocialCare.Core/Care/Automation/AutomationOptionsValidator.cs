using Microsoft.Extensions.Options;

namespace SocialCare.Core;

/// <summary>Checks the automation, agent identity and satisfaction options at start-up; each error names its option.</summary>
internal sealed class AutomationOptionsValidator : IValidateOptions<SocialCareOptions>
{
    public ValidateOptionsResult Validate(string? name, SocialCareOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = [];
        var auto = options.AutoReply;
        if (auto.FaqConfidence is not (>= 0 and <= 1) || double.IsNaN(auto.FaqConfidence))
        {
            errors.Add($"SocialCare:AutoReply:FaqConfidence must be between 0 and 1; it is {auto.FaqConfidence}.");
        }

        if (auto.MaxAutomaticReplies < 1)
        {
            errors.Add($"SocialCare:AutoReply:MaxAutomaticReplies must be at least 1; it is {auto.MaxAutomaticReplies}.");
        }

        if (auto.OutOfHours)
        {
            var calendars = options.Sla.Calendars;
            if (auto.Calendar is { } calendar && !calendars.ContainsKey(calendar))
            {
                errors.Add($"SocialCare:AutoReply:Calendar names '{calendar}', which is not among SocialCare:Sla:Calendars ({string.Join(", ", calendars.Keys)}).");
            }
            else if (auto.Calendar is null && calendars.Count != 1)
            {
                errors.Add($"SocialCare:AutoReply:Calendar must name the business calendar for out-of-hours notices: SocialCare:Sla:Calendars has {calendars.Count}.");
            }

            if (!auto.OutOfHoursMessages.TryGetValue("*", out var fallback) || string.IsNullOrWhiteSpace(fallback))
            {
                errors.Add("SocialCare:AutoReply:OutOfHoursMessages needs a fallback text under the key '*' when OutOfHours is on.");
            }
        }

        if (options.Satisfaction.Enabled)
        {
            if (!options.Satisfaction.Questions.TryGetValue("*", out var question) || string.IsNullOrWhiteSpace(question))
            {
                errors.Add("SocialCare:Satisfaction:Questions needs a fallback question under the key '*' when surveys are on.");
            }

            if (options.Satisfaction.AnswerWithin <= TimeSpan.Zero)
            {
                errors.Add($"SocialCare:Satisfaction:AnswerWithin must be positive; it is {options.Satisfaction.AnswerWithin}.");
            }
        }

        CheckAnswers(options.Answers, errors);
        CheckListening(options.Listening, errors);
        var privacy = options.Privacy;
        if (privacy.RetainContentFor is { } keep && keep < TimeSpan.FromDays(1))
        {
            errors.Add($"SocialCare:Privacy:RetainContentFor must be at least one day (1.00:00:00); it is {keep}.");
        }

        if (privacy.RetentionInterval < TimeSpan.FromMinutes(1) || privacy.RetentionInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"SocialCare:Privacy:RetentionInterval must be between one minute and one day; it is {privacy.RetentionInterval}.");
        }

        if (privacy.RetentionBatchSize is < 1 or > 10_000)
        {
            errors.Add($"SocialCare:Privacy:RetentionBatchSize must be between 1 and 10000; it is {privacy.RetentionBatchSize}.");
        }

        foreach (var (channel, mode) in options.AgentIdentity.Channels)
        {
            if (!Enum.IsDefined(mode))
            {
                errors.Add($"SocialCare:AgentIdentity:Channels:{channel} is {(int)mode}, which is not a signature mode.");
            }
        }

        if (!Enum.IsDefined(options.AgentIdentity.Mode))
        {
            errors.Add($"SocialCare:AgentIdentity:Mode is {(int)options.AgentIdentity.Mode}, which is not a signature mode.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckAnswers(CannedAnswerOptions answers, List<string> errors)
    {
        const string Section = "SocialCare:Answers";
        if (string.IsNullOrWhiteSpace(answers.DefaultLanguage))
        {
            errors.Add($"{Section}:DefaultLanguage must name a language (for example en).");
        }

        if (answers.MaxSuggestions is < 1 or > 20)
        {
            errors.Add($"{Section}:MaxSuggestions must be between 1 and 20; it is {answers.MaxSuggestions}.");
        }

        if (answers.MinimumScore is not (>= 0 and <= 1) || double.IsNaN(answers.MinimumScore))
        {
            errors.Add($"{Section}:MinimumScore must be between 0 and 1; it is {answers.MinimumScore}.");
        }

        HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < answers.Items.Count; i++)
        {
            var answer = answers.Items[i];
            var key = $"{Section}:Items:{i}";
            if (answer is null)
            {
                errors.Add($"{key} is empty.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(answer.Name))
            {
                errors.Add($"{key}:Name is required.");
            }
            else if (!names.Add(answer.Name))
            {
                errors.Add($"{key}:Name '{answer.Name}' is used by another answer.");
            }

            if (answer.Texts.Count == 0 || answer.Texts.Values.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{key}:Texts needs at least one text, by language (it, en), language and channel (it:x) or '*', and none empty.");
            }

            if (answer.Template is { } template && string.IsNullOrWhiteSpace(template.Name))
            {
                errors.Add($"{key}:Template:Name is required when a template is mapped.");
            }
        }
    }

    private static void CheckListening(ListeningOptions listening, List<string> errors)
    {
        const string Section = "SocialCare:Listening";
        if (listening.NegativeSentimentThreshold is not (>= -1 and <= 0) || double.IsNaN(listening.NegativeSentimentThreshold))
        {
            errors.Add($"{Section}:NegativeSentimentThreshold must be between -1 and 0; it is {listening.NegativeSentimentThreshold}.");
        }

        if (listening.RecordedPostsKept is < 1 or > 100_000)
        {
            errors.Add($"{Section}:RecordedPostsKept must be between 1 and 100000; it is {listening.RecordedPostsKept}.");
        }

        HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < listening.Rules.Count; i++)
        {
            var rule = listening.Rules[i];
            var key = $"{Section}:Rules:{i}";
            if (rule is null || string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add($"{key}:Name is required.");
                continue;
            }

            if (!names.Add(rule.Name))
            {
                errors.Add($"{key}:Name '{rule.Name}' is used by another rule.");
            }

            if (!Enum.IsDefined(rule.Action))
            {
                errors.Add($"{key}:Action is {(int)rule.Action}, which is not a listening action (Triage, Record, OpenTicket).");
            }
        }
    }
}
