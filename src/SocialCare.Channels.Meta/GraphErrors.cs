using System.Globalization;
using System.Text.Json;
using SocialCare.Abstractions;
using static SocialCare.Channels.Meta.MetaJson;

namespace SocialCare.Channels.Meta;

/// <summary>
/// A Graph API error object (meta.md §5.4, §8.5), read tolerantly: numbers may come as strings, odd values become
/// <see langword="null"/>. The end-user texts Graph may add are not kept.
/// </summary>
/// <param name="Code">The error code (<c>190</c>, <c>131047</c>…), when given.</param>
/// <param name="Message">Graph's explanation, for developers, when given.</param>
public sealed record GraphError(int? Code, string? Message)
{
    /// <summary>Gets the finer error code (<c>error_subcode</c>), when given.</summary>
    public int? Subcode { get; init; }

    /// <summary>Gets the error type, such as <c>OAuthException</c>, when given.</summary>
    public string? Type { get; init; }

    /// <summary>Gets the trace id to quote to Meta's support (<c>fbtrace_id</c>), when given.</summary>
    public string? TraceId { get; init; }

    /// <summary>Gets a value indicating whether Graph says trying again may succeed (<c>is_transient</c>).</summary>
    public bool IsTransient { get; init; }

    /// <summary>Gets the Cloud API's detail text (<c>error_data.details</c>), when given.</summary>
    public string? Details { get; init; }

    /// <summary>Reads the <c>{"error":{…}}</c> envelope Graph answers failures with.</summary>
    /// <param name="json">The answer's body.</param>
    /// <returns>The error, or <see langword="null"/> when the body is not such an envelope (proxies answer with HTML).</returns>
    public static GraphError? TryRead(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            GraphError? error = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isError = reader.ValueTextEquals("error"u8);
                reader.Read();
                if (isError && reader.TokenType == JsonTokenType.StartObject)
                {
                    error = ReadError(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            return error;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static GraphError ReadError(ref Utf8JsonReader reader)
    {
        int? code = null, subcode = null;
        string? message = null, type = null, trace = null, details = null;
        var transient = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("error_subcode"u8))
            {
                reader.Read();
                subcode = ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("fbtrace_id"u8))
            {
                reader.Read();
                trace = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("is_transient"u8))
            {
                reader.Read();
                transient = ReadBoolean(ref reader);
            }
            else if (reader.ValueTextEquals("error_data"u8))
            {
                reader.Read();
                details = ReadDetails(ref reader) ?? details;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new GraphError(code, message) { Subcode = subcode, Type = type, TraceId = trace, IsTransient = transient, Details = details };
    }

    private static string? ReadDetails(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? details = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isDetails = reader.ValueTextEquals("details"u8);
            reader.Read();
            if (isDetails)
            {
                details = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return details;
    }

    private static int? ReadInt32(ref Utf8JsonReader reader)
        => TryReadInt64(ref reader, out var value) && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;
}

/// <summary>
/// Translates Graph API errors (Messenger, Page and WhatsApp Cloud API codes) into <see cref="ChannelError"/>s, so that
/// the engine retries, gives up or asks for a template without knowing Meta's codes (meta.md §5.4, §8.5, §9.3).
/// </summary>
public static class GraphErrors
{
    /// <summary>How long to wait after a rate limit when Graph does not say: 60 seconds.</summary>
    public static readonly TimeSpan DefaultRateLimitDelay = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait after WhatsApp's pair rate limit (131056, about one message per 6 seconds to one user) when Graph does not say.</summary>
    public static readonly TimeSpan PairRateLimitDelay = TimeSpan.FromSeconds(6);

    /// <summary>How long to wait after WhatsApp's throughput limit (130429, messages per second per number) when Graph does not say.</summary>
    public static readonly TimeSpan ThroughputLimitDelay = TimeSpan.FromSeconds(1);

    /// <summary>Maps one failed Graph answer.</summary>
    /// <param name="httpStatus">The HTTP status of the answer.</param>
    /// <param name="error">The Graph error object, when the body held one.</param>
    /// <param name="retryAfter">The wait the <c>Retry-After</c> header asked for, when present.</param>
    /// <returns>The channel error.</returns>
    public static ChannelError Map(int httpStatus, GraphError? error, TimeSpan? retryAfter)
    {
        var code = error?.Code;
        var subcode = error?.Subcode;
        var kind = Classify(httpStatus, code, subcode, error?.IsTransient == true);
        var transient = kind is ChannelErrorKind.Transient or ChannelErrorKind.RateLimited;
        if (kind == ChannelErrorKind.RateLimited)
        {
            retryAfter ??= code switch
            {
                131056 => PairRateLimitDelay,
                130429 => ThroughputLimitDelay,
                _ => DefaultRateLimitDelay,
            };
        }

        // Graph's "message" is meant for developers; error_user_msg is end-user text and stays out of errors and logs.
        // The Cloud API's details say what to do (for example that 24 hours passed): kept, they hold no personal data.
        var message = string.IsNullOrWhiteSpace(error?.Message)
            ? string.Create(CultureInfo.InvariantCulture, $"Graph API answered HTTP {httpStatus}.")
            : error!.Message!;
        if (!string.IsNullOrWhiteSpace(error?.Details) && !string.Equals(error.Details, message, StringComparison.Ordinal))
        {
            message = $"{message}: {error.Details}";
        }

        return new ChannelError(code is { } c ? c.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"http_{httpStatus}"), message)
        {
            StatusCode = httpStatus,
            Kind = kind,
            IsTransient = transient,
            OutsideReplyWindow = kind == ChannelErrorKind.OutsideReplyWindow,
            RetryAfter = transient ? retryAfter : null,
            Subcode = subcode?.ToString(CultureInfo.InvariantCulture),
            ErrorType = string.IsNullOrEmpty(error?.Type) ? null : error.Type,
            TraceId = string.IsNullOrEmpty(error?.TraceId) ? null : error.TraceId,
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

    /// <summary>Tells whether a Cloud API code is a template error (132000–132999): fix the template, do not retry.</summary>
    /// <param name="code">The error code.</param>
    /// <returns><see langword="true"/> for template errors.</returns>
    public static bool IsTemplateError(int? code) => code is >= 132000 and <= 132999;

    private static ChannelErrorKind Classify(int httpStatus, int? code, int? subcode, bool graphSaysTransient)
    {
        switch (code)
        {
            // Tokens and permissions: the account must be authorised again (a channel-health matter).
            case 190 or 230 or 0 or 131005 or 3 or 368 or 131031 or 130497:
                return ChannelErrorKind.Unauthorized;

            // Reply windows: Messenger's 24 hours (and 7 days with HUMAN_AGENT), WhatsApp's 24 hours (and legacy 470).
            case 10 when subcode is 2018278 or 2018065:
            case 131047 or 470:
                return ChannelErrorKind.OutsideReplyWindow;

            // Recipients who cannot get the message: blocked, gone, not on WhatsApp, opted out of marketing.
            case 10 when subcode is 2018108:
            case 551:
            case 200 when subcode is 1545041:
            case 131026 or 131049 or 131050 or 131030:
                return ChannelErrorKind.RecipientUnavailable;

            // Rate limits: app, user, Page, Messenger and WhatsApp business-use-case, WhatsApp throughput and pair rate.
            case 4 or 17 or 32 or 613 or 80001 or 80006 or 80007 or 130429 or 131056 or 131048:
                return ChannelErrorKind.RateLimited;

            // Temporary failures on Meta's side (media fetch errors included: the link may answer next time).
            case 1200 or 1 or 2 or 131000 or 131016 or 131057 or 131052 or 131053:
                return ChannelErrorKind.Transient;
        }

        if (graphSaysTransient)
        {
            return ChannelErrorKind.Transient;
        }

        if (IsTemplateError(code))
        {
            return ChannelErrorKind.InvalidRequest;
        }

        switch (code)
        {
            case 100 or 131008 or 131009 or 131021 or 131051 or 131062 or 133010:
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
