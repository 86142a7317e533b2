global using SocialCare.Testing;
