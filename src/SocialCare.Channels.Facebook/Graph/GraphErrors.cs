using System.Globalization;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Facebook;

/// <summary>Translates Graph API errors into <see cref="ChannelError"/>s, classified by Graph <c>code</c>/<c>error_subcode</c> (meta.md §5.4, §9.3).</summary>
internal static class GraphErrors
{
    /// <summary>How long to wait after a rate limit when Graph does not say: 60 seconds.</summary>
    public static readonly TimeSpan DefaultRateLimitDelay = TimeSpan.FromSeconds(60);

    /// <summary>Maps one failed Graph answer.</summary>
    /// <param name="httpStatus">The HTTP status of the answer.</param>
    /// <param name="error">The Graph error object, when the body held one.</param>
    /// <param name="retryAfter">The wait the <c>Retry-After</c> header asked for, when present.</param>
    /// <returns>The channel error.</returns>
    public static ChannelError Map(int httpStatus, GraphErrorBody? error, TimeSpan? retryAfter)
    {
        var code = error?.Code;
        var subcode = error?.ErrorSubcode;
        var kind = Classify(httpStatus, code, subcode, error?.IsTransient == true);
        var transient = kind is ChannelErrorKind.Transient or ChannelErrorKind.RateLimited;
        if (kind == ChannelErrorKind.RateLimited)
        {
            retryAfter ??= DefaultRateLimitDelay;
        }

        // Graph's "message" is meant for developers; error_user_msg is end-user text and stays out of errors and logs.
        var message = string.IsNullOrWhiteSpace(error?.Message)
            ? string.Create(CultureInfo.InvariantCulture, $"Graph API answered HTTP {httpStatus}.")
            : error!.Message!;
        return new ChannelError(code is { } c ? c.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"http_{httpStatus}"), message)
        {
            StatusCode = httpStatus,
            Kind = kind,
            IsTransient = transient,
            OutsideReplyWindow = kind == ChannelErrorKind.OutsideReplyWindow,
            RetryAfter = retryAfter,
            Subcode = subcode?.ToString(CultureInfo.InvariantCulture),
            ErrorType = string.IsNullOrEmpty(error?.Type) ? null : error.Type,
            TraceId = string.IsNullOrEmpty(error?.FbtraceId) ? null : error.FbtraceId,
        };
    }

    /// <summary>Creates the error for a call that never got an answer (connection failure, time-out, open circuit).</summary>
    /// <param name="code">A short code such as <c>transport_error</c>, <c>timeout</c> or <c>circuit_open</c>.</param>
    /// <param name="message">What happened, without addresses or tokens.</param>
    /// <param name="retryAfter">When trying again makes sense, if known.</param>
    /// <returns>A transient channel error.</returns>
    public static ChannelError Transport(string code, string message, TimeSpan? retryAfter = null) => new(code, message)
    {
        Kind = ChannelErrorKind.Transient,
        IsTransient = true,
        RetryAfter = retryAfter,
    };

    private static ChannelErrorKind Classify(int httpStatus, int? code, int? subcode, bool graphSaysTransient)
    {
        switch (code)
        {
            case 190 or 230:
                return ChannelErrorKind.Unauthorized;
            case 10 when subcode is 2018278 or 2018065:
                return ChannelErrorKind.OutsideReplyWindow;
            case 10 when subcode is 2018108:
            case 551:
            case 200 when subcode is 1545041:
                return ChannelErrorKind.RecipientUnavailable;
            case 4 or 17 or 32 or 613 or 80001 or 80006:
                return ChannelErrorKind.RateLimited;
            case 1200 or 1 or 2:
                return ChannelErrorKind.Transient;
        }

        if (graphSaysTransient)
        {
            return ChannelErrorKind.Transient;
        }

        switch (code)
        {
            case 100:
            case 200 when subcode is 2018027 or 2018028:
                return ChannelErrorKind.InvalidRequest;
        }

        return httpStatus switch
        {
            429 => ChannelErrorKind.RateLimited,
            >= 500 and <= 599 => ChannelErrorKind.Transient,
            _ => ChannelErrorKind.Unknown,
        };
    }
}
