"""Phrasing that invites the other side to talk or pay somewhere other than the platform.

Contact verbs ("write me", "írj", "напиши"), payment services named as a way to be paid, and
per-language solicitation patterns ("pay me directly", "fuera de la plataforma").
"""

from __future__ import annotations

from typing import Final

# Verbs that invite the other side somewhere; they need "me"/"us" or an object nearby.
# Matched as word prefixes, so "írj" covers "írjon", "напиши" covers "напишите".
CONTACT_VERBS: Final[tuple[str, ...]] = (
    # en
    "add me",
    "write me",
    "write to me",
    "text me",
    "message me",
    "msg me",
    "dm me",
    "ping me",
    "hit me up",
    "find me",
    "send me",
    "drop me",
    "shoot me",
    "reach me",
    "contact me",
    "call me",
    "follow me",
    "connect with me",
    "talk",
    "chat",
    "continue",
    "move",
    "switch",
    "discuss",
    "speak",
    "communicate",
    "join my",
    "i'm on",
    "im on",
    "are you on",
    "do you have",
    "do you use",
    "got",
    # answering and voice messages through a messenger: "replies on WhatsApp within minutes"
    "reply",
    "replies",
    "respond",
    "voice message",
    "voice note",
    # hu
    "írj",
    "irj",
    "üzenj",
    "uzenj",
    "hívj",
    "hivj",
    "keress",
    "adj hozzá",
    "adj hozza",
    "jelölj",
    "jelolj",
    "dobj",
    "beszéljünk",
    "beszeljunk",
    "folytassuk",
    "menjünk át",
    "menjunk at",
    "váltsunk",
    "valtsunk",
    "egyeztessünk",
    "egyeztessunk",
    "elérsz",
    "elersz",
    "megtalálsz",
    "megtalalsz",
    "fent vagyok",
    "van",
    "üzenet",
    "uzenet",
    "hangüzenet",
    "hanguzenet",
    "válaszol",
    "valaszol",
    # ru
    "напиш",
    "пиши",
    "пишите",
    "отпиш",
    "звони",
    "позвони",
    "добав",
    "стучи",
    "свяж",
    "спишемся",
    "созвонимся",
    "перейд",
    "продолжим",
    "общаться",
    "общаемся",
    "найди",
    "кинь",
    "кида",
    "скину",
    "скидыва",
    "скинь",
    "я в",
    "есть",
    "отвечаю",
    "я отвечаю",
    "голосов",
    # de
    "schreib",
    "schick",
    "ruf",
    "kontaktier",
    "meld dich",
    "melde dich",
    "meldet euch",
    "füg mich",
    "fueg mich",
    "adde mich",
    "add mich",
    "finde mich",
    "folg mir",
    "folge mir",
    "folgt mir",
    "erreichst",
    "erreichbar",
    "lass uns",
    "lass uns zu",
    "wechseln",
    "hast du",
    "haben sie",
    "bin auf",
    "antworte",
    "sprachnachricht",
    # es
    "escríbe",
    "escribe",
    "escríbanme",
    "escribime",
    "llámame",
    "llamame",
    "agrégame",
    "agregame",
    "añádeme",
    "anademe",
    "contáctame",
    "contactame",
    "háblame",
    "hablame",
    "búscame",
    "buscame",
    "mándame",
    "mandame",
    "sígueme",
    "sigueme",
    "hablemos",
    "sigamos",
    "pasemos",
    "respondo",
    "nota de voz",
    "me encuentras",
    "estoy en",
    "tienes",
    "tiene",
)

# Payment services whose name next to "pay me", "send to my" or an address means money
# leaves the platform.
PAYMENT_SERVICES: Final[tuple[str, ...]] = (
    "paypal",
    "pay pal",
    "revolut",
    "wise",
    "venmo",
    "zelle",
    "cashapp",
    "cash app",
    "western union",
    "moneygram",
    "payoneer",
    "skrill",
    "qiwi",
    "юmoney",
    "юмани",
    "сбер",
    "сбербанк",
    "тинькофф",
    "bizum",
    "usdt",
    "bitcoin",
    "btc",
    "crypto",
    "крипт",
)

# Invitations to leave the platform or to pay around it.  Each entry is a regular
# expression fragment matched against the normalised (lower-case, homoglyph-free) text at a
# word start; keep them free of nested repetition so matching stays linear.
SOLICITATION: Final[dict[str, tuple[str, ...]]] = {
    "en": (
        r"pay (?:me |you |us )?(?:outside|off[- ]?(?:site|platform)|directly|direct|in cash|cash)",
        r"(?:outside|off) (?:of )?(?:the |this )?(?:platform|site|website|app|marketplace)",
        r"off[- ](?:platform|site)\b",
        r"(?:avoid|skip|save|bypass|dodge|without) (?:on )?(?:the |paying )?(?:the )?"
        r"(?:platform |site )?(?:fees?|commission|service fee)",
        r"(?:contact|reach|email|e-mail|text|call|message|pay|write to|write) (?:me|us) "
        r"(?:directly|direct|privately|in private|personally)",
        r"(?:deal|work|talk|continue|trade|do (?:it|this|business)) (?:directly|privately|"
        # "work outside" the platform, not "work outside the EU" or "outside office hours"
        r"outside(?= (?:of )?(?:the |this )?(?:platform|site|app|marketplace|here)\b|\s*[.!?,]|$)|"
        r"off the (?:site|platform))",
        r"(?:directly|privately) (?:with|to) me",
        r"(?:add|find|follow|dm|ping) me (?:on|at|in) ",
        r"(?:write|text|message) (?:to )?me (?:on|at|in|via) (?!here|the (?:chat|platform|site))",
        r"hit me up (?:on|at)",
        r"(?:send|give|share) (?:me |you )?(?:your|my) (?:personal |private |direct )?"
        r"(?:number|phone|cell|mobile|e-?mail|email address|contact(?:s| details| info)?|"
        r"whatsapp|telegram|skype)",
        r"(?:what's|whats|what is) your (?:number|phone|cell|e-?mail|whatsapp|telegram|skype)",
        r"(?:here is|here's|this is) my (?:number|phone|cell|mobile|e-?mail|contact)",
        r"(?:bank|wire) transfer",
        r"(?:cheaper|lower price|discount) (?:if|when) (?:we|you) (?:work|deal|pay|go) "
        r"(?:directly|outside|off)",
    ),
    "hu": (
        r"(?:az |a )?(?:oldalon|platformon|rendszeren|appon|oldalon) kívül",
        r"(?:az |a )?(?:oldalon|platformon|rendszeren|appon) kivul",
        r"(?:fizess|fizetés|fizetnél|fizessen|utalj|utald|utalás|utalással|fizetek|fizetnék)"
        r" (?:nekem |neked |majd )?(?:közvetlenül|kozvetlenul|direktben|kézpénzben|keszpenzben|"
        r"készpénzzel|bankszámlára|számlára|a számlámra|kp-ben)",
        r"(?:közvetlenül|kozvetlenul|direktben) (?:nekem|neked|velem|veled|fizess|utalj)",
        r"(?:írj|irj|írjon|üzenj|keress|dobj egy üzenetet)(?: nekem| rám| ram)? "
        r"(?:privátban|privatban|privátba|priviben|privibe|e-?mailben|e-?mailt|emailben|"
        r"közvetlenül|telefonon|messengeren|viberen|telegramon)",
        r"(?:jutalék|jutalek|díj|dij|kezelési díj)(?:ot|at)? (?:nélkül|nelkul|elkerülése|"
        r"elkerulese|megspórol|megsporol|spórol)",
        r"(?:kerüljük|kerüld|spóroljuk|sporoljuk|spóroljunk) (?:meg |el )?(?:a |az )?"
        r"(?:jutalékot|jutalekot|díjat|dijat|oldalt|platformot)",
        r"adj (?:hozzá|hozza)",
        r"jelölj be",
        r"(?:add meg|küldd el|kuldd el|küldd|kuldd|küld el|mi a|mondd meg) (?:a |az )?"
        r"(?:telefonszámod|telefonszamod|számod|szamod|mobilszámod|e-?mail ?címed|e-?mailed|"
        r"elérhetőséged|elerhetoseged)",
        r"(?:itt a|ez a|ez az|itt van a) (?:telefonszámom|telefonszamom|számom|szamom|"
        r"mobilszámom|e-?mail ?címem|e-?mailem|elérhetőségem)",
        r"(?:a |az )?(?:telefonszámom|telefonszamom|mobilszámom|mobilszamom|e-?mail ?címem|"
        r"elérhetőségem|elerhetosegem)",
        r"(?:bankszámlaszámom|bankszamlaszamom|számlaszámom|szamlaszamom)",
    ),
    "ru": (
        r"(?:вне|мимо) (?:сайта|площадки|платформы|биржи|сервиса|системы)",
        r"(?:оплат[аиуы]|плати|заплати|переведи|переведите|переводом|перевод|закинь|закиньте|"
        r"скинь|скиньте|кинь) (?:мне |деньги |сразу )?(?:напрямую|на карту|на карточку|"
        r"наличными|налом|на киви|на сбер)",
        r"(?:на|мне на) (?:карту|карточку) (?:сбер|тинькофф|мне)?",
        r"без (?:комиссии|посредников|биржи|площадки|сайта)",
        r"(?:работать|работаем|работаю|договоримся|общаться|общаемся|рассчитаемся|договориться)"
        r" (?:напрямую|лично|в обход)",
        r"напрямую (?:со мной|мне|с вами|с тобой)",
        r"(?:напиши|напишите|пиши|пишите|отпиши|отпишите|стучи|стучите)(?: мне)? "
        r"(?:в личку|в лс|лично|в личные|на почту|на email|на мейл|на имейл)",
        r"в личк[уеи]",
        r"(?:мой|моя|мою|вот мой|вот моя) (?:номер|телефон|тел|мобильный|почта|почту|email|"
        r"имейл|мейл|емейл|ящик|контакт|контакты)",
        r"(?:скинь|скиньте|дай|дайте|оставь|оставьте|пришли|пришлите|напиши|напишите) "
        r"(?:свой |ваш |мне свой |мне ваш |мне )?(?:номер|телефон|тел|почту|email|имейл|"
        r"контакт|контакты|ватсап|телеграм)",
        r"(?:свяжись|свяжитесь|свяжемся) (?:со мной )?(?:напрямую|лично|по телефону|по почте)",
        r"(?:добавь|добавьте|добавляйся|добавляйтесь) (?:меня )?(?:в|на) ",
        r"в обход (?:сайта|площадки|биржи|комиссии|системы)",
    ),
    "de": (
        r"außerhalb (?:der|von|dieser) (?:plattform|seite|website|app|webseite)",
        r"ausserhalb (?:der|von|dieser) (?:plattform|seite|website|app|webseite)",
        r"(?:direkt|privat|bar) (?:bezahlen|zahlen|überweisen|ueberweisen|an mich|abrechnen)",
        r"(?:zahl|bezahl|überweis|ueberweis)(?:e|en sie|st du)? (?:mir |es |das )?"
        r"(?:direkt|bar|privat|per überweisung|auf mein konto)",
        r"ohne (?:die |diese )?(?:plattform|gebühren?|gebuehren?|provision|vermittlung)",
        r"(?:gebühren|gebuehren|provision) (?:sparen|umgehen|vermeiden)",
        r"(?:schreib|schreiben sie|schreibt|meld|melde|melden sie|kontaktier|kontaktieren sie)"
        r"(?:e)?(?: mir| mich| dich)? (?:privat|direkt|per (?:mail|e-?mail|sms|telefon)|"
        r"eine (?:mail|e-?mail|sms))",
        r"(?:ruf|rufen sie) mich (?:an|mal an)",
        r"(?:meine|hier ist meine|hier meine) (?:nummer|handynummer|telefonnummer|"
        r"e-?mail(?:-?adresse)?|mailadresse|kontaktdaten)",
        r"(?:deine|ihre|gib mir deine|geben sie mir ihre|schick mir deine|schicken sie mir ihre)"
        r" (?:nummer|handynummer|telefonnummer|e-?mail(?:-?adresse)?|mailadresse|kontaktdaten)",
        r"(?:füg|fueg|adde|add) mich",
        r"(?:per |via )?(?:banküberweisung|bankueberweisung)",
        r"bar auf (?:die )?hand",
    ),
    "es": (
        r"fuera de (?:la |esta )?(?:plataforma|página|pagina|web|app|aplicación|sitio)",
        r"(?:pág(?:a|ame|ale|ueme)|pag(?:a|ame|ale|ueme)|pago|pagar|págueme)(?: me)? "
        r"(?:directamente|por fuera|en efectivo|por transferencia|por bizum|aparte)",
        r"(?:sin|ahorrar(?:nos)?|evitar|ahorramos) (?:la |las )?(?:comisión|comision|comisiones|"
        r"plataforma|intermediarios)",
        r"(?:escríbeme|escribeme|escribime|escríbame|escribame|háblame|hablame|contáctame|"
        r"contactame|llámame|llamame|mándame|mandame)(?: un mensaje)? "
        r"(?:al privado|por privado|en privado|directamente|a mi correo|al correo|por correo|"
        r"al número|al numero|por|al|en|a)\b",
        r"por (?:privado|interno|dm)\b",
        r"(?:mi|te dejo mi|aquí está mi|aqui esta mi|este es mi) (?:número|numero|teléfono|"
        r"telefono|celular|móvil|movil|correo|email|e-mail|contacto)",
        r"(?:pásame|pasame|dame|envíame|enviame|mándame|mandame|cuál es|cual es) (?:tu )?"
        r"(?:número|numero|teléfono|telefono|celular|móvil|movil|correo|email|contacto|whatsapp)",
        r"(?:agrégame|agregame|añádeme|anademe|sígueme|sigueme|búscame|buscame)",
        r"(?:transferencia bancaria|por transferencia|por bizum|bizum)",
        r"(?:trato|tratar|trabajar|hablar|hablamos|arreglamos) (?:directamente|por fuera)",
    ),
}
