namespace SocialCare.LoadTest.Corpus;

/// <summary>
/// What customers write to a shop's customer care, in Italian and English. The plain sentences are ASCII only; the
/// accented ones carry accented letters and are the ones that get an emoji, so that the share of non-ASCII texts in a
/// corpus is exactly the share asked for (<see cref="CorpusOptions.EmojiRate"/>).
/// </summary>
internal static class Phrases
{
    /// <summary>Italian, ASCII only. <c>{order}</c> becomes an order number.</summary>
    public static readonly string[] ItalianPlain =
    [
        "Buongiorno, il mio ordine {order} non risulta ancora consegnato.",
        "Salve, vorrei cambiare l'indirizzo di spedizione dell'ordine {order}.",
        "Il pacco e arrivato danneggiato, come posso fare il reso?",
        "Ciao, mi avete addebitato due volte lo stesso importo.",
        "Avete ancora disponibile la taglia M del modello in vetrina?",
        "Il codice sconto BENVENUTO10 non funziona al checkout.",
        "Quanto tempo ci vuole per il rimborso dell'ordine {order}?",
        "Buonasera, il corriere dice che ero assente ma ero a casa tutto il giorno.",
        "Posso ritirare l'ordine {order} in negozio a Milano?",
        "Non riesco ad accedere al mio account, la password non viene accettata.",
        "Grazie mille per la risposta veloce!",
        "Mi mandate il numero di tracking dell'ordine {order}, per favore?",
        "Vorrei annullare l'ordine {order} prima della spedizione.",
        "Il prodotto ricevuto non corrisponde alla foto sul sito.",
        "A che ora chiude il negozio di Torino il sabato?",
    ];

    /// <summary>Italian, with accented letters.</summary>
    public static readonly string[] ItalianAccented =
    [
        "Perché il mio ordine {order} è ancora fermo al magazzino?",
        "È già la terza volta che scrivo, nessuno mi risponde più.",
        "Così non va: il rimborso dell'ordine {order} non è mai arrivato.",
        "Può verificare se l'ordine {order} è già partito? Grazie.",
        "La qualità è ottima, però la consegna è stata lentissima.",
    ];

    /// <summary>English, ASCII only.</summary>
    public static readonly string[] EnglishPlain =
    [
        "Hi, my order {order} still hasn't arrived, can you check it please?",
        "I'd like to change the delivery address for order {order}.",
        "The parcel arrived damaged, how do I return it?",
        "You charged my card twice for the same order.",
        "Do you still have the blue jacket in size M?",
        "The discount code WELCOME10 doesn't work at checkout.",
        "How long does a refund take? Order {order}.",
        "The courier says nobody was home but I was in all day.",
        "Can I pick up order {order} at the London store?",
        "I can't log in to my account, it keeps rejecting my password.",
        "Thanks a lot for the quick answer!",
        "Could you send me the tracking number for order {order}?",
        "Please cancel order {order} before it ships.",
        "The item I received doesn't look like the photo on your site.",
        "What time does the Manchester store close on Saturdays?",
    ];

    /// <summary>English, with accented letters (names, loanwords).</summary>
    public static readonly string[] EnglishAccented =
    [
        "Hi, it's Zoë again: order {order} is still not here.",
        "My colleague René ordered the same café set and got it in two days, why not me?",
        "The naïve question: where is order {order}? Cheers, José.",
        "Renée here, the crème colour jacket arrived in the wrong size.",
        "Order {order} for Chloé Müller, still waiting on a reply.",
    ];

    /// <summary>Emoji as customers use them, some outside the Basic Multilingual Plane (surrogate pairs in UTF-16 and in Meta's <c>\u</c> escapes).</summary>
    public static readonly string[] Emoji = ["😡", "🙏", "😊", "📦", "👍", "😤", "❤️", "🤔", "⏰", "🇮🇹"];

    /// <summary>Italian first names and surnames, ASCII only (profile names as WhatsApp and X give them).</summary>
    public static readonly string[] ItalianNames = ["Giulia Rossi", "Marco Bianchi", "Luca Esposito", "Sara Romano", "Francesca Colombo", "Alessandro Ricci", "Chiara Greco", "Matteo Bruno"];

    /// <summary>English names, ASCII only.</summary>
    public static readonly string[] EnglishNames = ["Oliver Hughes", "Emma Clarke", "Jack Wilson", "Amelia Davies", "Harry Evans", "Sophie Turner", "George Walker", "Lily Wright"];
}
