using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The report query: response rate, first-response, response and resolution times, reopen rate for a period, per channel and per agent.</summary>
/// <remarks>
/// Registered by <c>AddSocialCare()</c> as a singleton; thread-safe. Reads through <see cref="ITicketStore"/>, so it
/// works with every store; it reads each ticket of the period with its messages and history, so run it for reports,
/// not on every page view. The figures are defined on <see cref="TicketMetrics"/>.
/// </remarks>
public sealed class TicketReports
{
    private const int PageSize = 500;
    private readonly ITicketStore _store;
    private readonly SocialCareOptions _options;

    /// <summary>Initializes a new instance of the <see cref="TicketReports"/> class.</summary>
    /// <param name="store">The ticket store.</param>
    /// <param name="options">The options, for the named business calendars.</param>
    public TicketReports(ITicketStore store, IOptions<SocialCareOptions> options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
    }

    /// <summary>Computes the report for the tickets opened in a period.</summary>
    /// <param name="from">The start of the period (inclusive).</param>
    /// <param name="to">The end of the period (exclusive).</param>
    /// <param name="calendar">The name of a calendar in <see cref="SlaOptions.Calendars"/> for the business-time figures; <see langword="null"/> for always open.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>, or <paramref name="calendar"/> names no configured calendar.</exception>
    public async Task<TicketMetricsReport> GetReportAsync(DateTimeOffset from, DateTimeOffset to, string? calendar = null, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new ArgumentException("The period ends before it starts.", nameof(to));
        }

        BusinessCalendar businessCalendar;
        if (calendar is null)
        {
            businessCalendar = BusinessCalendar.AlwaysOpen;
        }
        else if (!_options.Sla.Calendars.TryGetValue(calendar, out businessCalendar!))
        {
            throw new ArgumentException($"No calendar named '{calendar}' is configured in SocialCare:Sla:Calendars.", nameof(calendar));
        }

        List<TicketRecord> records = [];
        TicketId? after = null;
        while (true)
        {
            var page = await _store.QueryTicketsAsync(new TicketQuery { CreatedFrom = from, CreatedBefore = to, After = after, Limit = PageSize }, cancellationToken).ConfigureAwait(false);
            foreach (var ticket in page)
            {
                var messages = await _store.GetMessagesAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
                var history = await _store.GetHistoryAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
                records.Add(new TicketRecord(ticket, messages, history));
            }

            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1].Id;
        }

        return TicketMetrics.Compute(records, from, to, businessCalendar);
    }
}
