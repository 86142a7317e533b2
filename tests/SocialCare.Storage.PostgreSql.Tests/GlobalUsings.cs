global using Microsoft.Extensions.DependencyInjection;
global using SocialCare.Abstractions;
global using SocialCare.Core;
global using SocialCare.Testing;
