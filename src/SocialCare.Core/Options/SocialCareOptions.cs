using System.ComponentModel.DataAnnotations;

namespace SocialCare.Core;

/// <summary>Options for SocialCare's pipeline, set through <c>services.AddSocialCare(o => …)</c>.</summary>
/// <remarks>Validated when the host starts: a value out of range fails start-up with a message that names it.</remarks>
public sealed class SocialCareOptions
{
    /// <summary>The default for <see cref="MaxRequestBodySize"/>: 1 MiB.</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    /// <summary>Gets or sets the largest webhook body accepted, in bytes; a larger one is refused with 413 before anything reads it.</summary>
    /// <value>The default is 1 MiB (1,048,576 bytes). Between 1 KiB and 64 MiB.</value>
    [Range(1024, 67108864)]
    public long MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>Gets or sets how many times an event is retried when its ticket was changed concurrently by another writer.</summary>
    /// <value>The default is 5. Between 1 and 100.</value>
    [Range(1, 100)]
    public int MaxConcurrencyAttempts { get; set; } = 5;
}
