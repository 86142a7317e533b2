using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SocialCare.Docs.Tests.Snippets;

/// <summary>The code of docs/postgresql.md; <c>PostgreSqlDocsTests</c> runs it.</summary>
internal static class PostgreSqlSnippets
{
    /// <summary>The shared store for several instances, with its options bound from configuration.</summary>
    public static void AddStore(WebApplicationBuilder builder)
    {
        #region snippet:pg-register
        builder.Services.AddSocialCare()
            .UsePostgreSql(builder.Configuration.GetConnectionString("SocialCare")!, o =>
                builder.Configuration.GetSection("SocialCare:Storage:PostgreSql").Bind(o))
            .AddWhatsApp(o => builder.Configuration.GetSection("SocialCare:WhatsApp").Bind(o));
        #endregion
    }
}
