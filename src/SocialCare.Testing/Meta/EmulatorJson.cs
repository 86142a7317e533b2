using System.Text.Json.Serialization;

namespace SocialCare.Testing.Meta;

/// <summary>The emulators' source-generated JSON metadata.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class EmulatorJson : JsonSerializerContext;
