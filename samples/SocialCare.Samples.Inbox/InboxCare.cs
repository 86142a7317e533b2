using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Samples.Inbox;

/// <summary>
/// The care features as the sample sets them up: a few canned answers in Italian and English (one the bot may send on
/// its own), the out-of-hours notice for the shop's opening hours, agents' names under replies on Facebook,
/// satisfaction surveys after resolution, and a brand rule for listening.
/// </summary>
internal static class InboxCare
{
    /// <summary>The calendar of the shop's opening hours.</summary>
    public const string OpeningHours = "opening-hours";

    public static void Configure(SocialCareOptions o, InboxSettings settings)
    {
        var order = Answer("order-status", "Where is my order?", o);
        order.Automatic = false;
        order.Texts["it"] = "Ciao {customer.firstName}! Ho controllato il tuo ordine: è in consegna e arriva entro 48 ore. {agent.firstName}";
        order.Texts["en"] = "Hi {customer.firstName}! I checked your order: it is out for delivery and arrives within 48 hours. {agent.firstName}";
        order.Keywords.Add("ordine");
        order.Keywords.Add("order");
        order.Keywords.Add("pacco");
        order.Keywords.Add("parcel");
        order.Questions.Add("Il mio ordine non è ancora arrivato");
        order.Questions.Add("Where is my order?");
        order.Template = new CannedAnswerTemplate { Name = "order_update" };
        order.Template.Languages["en"] = "en";
        order.Template.BodyParameters.Add("{customer.firstName}");
        order.Template.BodyParameters.Add("{ticket.id}");

        var refund = Answer("refund", "Refunds", o);
        refund.Automatic = false;
        refund.Texts["it"] = "Mi dispiace {customer.firstName}! Ti rimborsiamo subito: riceverai l'accredito entro 5 giorni lavorativi.";
        refund.Texts["en"] = "Sorry about that, {customer.firstName}! We'll refund you right away: expect the money within 5 working days.";
        refund.Keywords.Add("rimborso");
        refund.Keywords.Add("refund");
        refund.Keywords.Add("charged twice");
        refund.Keywords.Add("addebitato due volte");
        refund.Questions.Add("I was charged twice");
        refund.Questions.Add("Voglio un rimborso");

        var hours = Answer("opening-hours", "Opening hours", o);
        hours.Texts["it"] = "Siamo aperti dal lunedì al sabato, dalle 9 alle 19 (ora di Roma). Scrivici quando vuoi: rispondiamo appena apriamo!";
        hours.Texts["*"] = "We are open Monday to Saturday, 9am to 7pm (Rome time). Write any time: we answer as soon as we open!";
        hours.Keywords.Add("orari");
        hours.Keywords.Add("opening hours");
        hours.Questions.Add("A che ora aprite?");
        hours.Questions.Add("What are your opening hours?");

        // Outside the opening hours a customer is told, once per night, when the shop opens.
        o.Sla.Calendars[OpeningHours] = new BusinessCalendar(OpeningHours, RomeTime(), BusinessPeriod.Parse("Mon-Sat 09:00-19:00"));
        o.AutoReply.Calendar = OpeningHours;
        o.AutoReply.OutOfHours = settings.OutOfHours;

        // On Facebook, replies carry the agent's name, as the Page's customers expect.
        o.AgentIdentity.Channels[ChannelId.Facebook] = AgentSignatureMode.Name;

        o.Satisfaction.Enabled = true;

        var brand = new ListeningRule { Name = "brand" };
        brand.Keywords.Add("Acme");
        o.Listening.Rules.Add(brand);
    }

    private static TimeZoneInfo RomeTime()
        => TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Rome", out var rome) ? rome : TimeZoneInfo.Utc;

    private static CannedAnswer Answer(string name, string title, SocialCareOptions o)
    {
        var answer = new CannedAnswer { Name = name, Title = title };
        o.Answers.Items.Add(answer);
        return answer;
    }
}
