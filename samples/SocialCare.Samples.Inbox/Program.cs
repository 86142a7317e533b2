using SocialCare.Samples.Inbox;

// The agent inbox: `dotnet run --project samples/SocialCare.Samples.Inbox`, then open the URL it prints.
// Exit code: 0 when stopped normally, 2 when the configuration is invalid.
return await InboxApp.RunAsync(args);
