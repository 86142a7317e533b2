global using System.Text.Json.Nodes;
global using SocialCare.Testing;
