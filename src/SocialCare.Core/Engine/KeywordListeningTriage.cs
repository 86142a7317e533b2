using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The default listening triage: questions and complaint words open tickets (see <see cref="ListeningOptions"/>).</summary>
internal sealed class KeywordListeningTriage(IOptions<SocialCareOptions> options) : IListeningTriage
{
    private readonly bool _questions = options.Value.Listening.OpenOnQuestions;
    private readonly KeywordMatcher _complaints = new(options.Value.Listening.ComplaintWords);

    public ValueTask<bool> ShouldOpenTicketAsync(MessageReceived message, Customer customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var part in message.Parts)
        {
            var text = part switch
            {
                TextPart t => t.Text,
                MediaPart m => m.Caption,
                _ => null,
            };
            if (text is not null && ((_questions && (text.Contains('?', StringComparison.Ordinal) || text.Contains('？', StringComparison.Ordinal))) || _complaints.Matches(text)))
            {
                return ValueTask.FromResult(true);
            }
        }

        return ValueTask.FromResult(false);
    }
}
