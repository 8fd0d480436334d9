"""Phrase bank for the demo go-live: sentence parts by language, theme and tone, composed into texts.

Every entry is synthetic. No names of people, phone numbers, e-mail addresses or national identity
numbers, by design. `{slot}` markers are expanded once at import into every listed variant.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable

THEMES: tuple[str, ...] = (
    "innlogging", "utskrift", "rover", "legemidler", "elink", "timebok",
    "dokumentasjon", "opplaering", "ytelse", "henvisning", "generelt",
)

# Ticket category per theme (the service desk's Norwegian names).
CATEGORY_BY_THEME: dict[str, str] = {
    "innlogging": "Pålogging og tilgang",
    "utskrift": "Utskrift",
    "rover": "Rover/mobil",
    "legemidler": "Legemidler",
    "elink": "E-link og meldinger",
    "timebok": "Timebok",
    "dokumentasjon": "Dokumentasjon",
    "opplaering": "Opplæring",
    "ytelse": "Ytelse og stabilitet",
    "henvisning": "Henvisninger",
    "generelt": "Annet",
}

SLOTS: dict[str, dict[str, tuple[str, ...]]] = {
    "nb": {
        "vakt": ("dagvakta", "kveldsvakta", "nattevakta"),
        "min": ("fem", "ti", "femten", "tjue", "30"),
        "n": ("to", "tre", "fire", "fem", "flere"),
        "tid": ("i dag", "i morges", "nå", "hele formiddagen", "siden lunsj", "i kveld", "i natt"),
        "sted": ("på vaktrommet", "på kontoret", "ute hos bruker", "på medisinrommet", "i bilen", "i 2. etasje"),
    },
    "nn": {
        "vakt": ("dagvakta", "kveldsvakta", "nattevakta"),
        "min": ("fem", "ti", "femten", "tjue", "30"),
        "n": ("to", "tre", "fire", "fem", "fleire"),
        "tid": ("i dag", "i dag tidleg", "no", "heile formiddagen", "sidan lunsj", "i kveld", "i natt"),
        "sted": ("på vaktrommet", "på kontoret", "ute hos brukar", "på medisinrommet", "i bilen"),
    },
    "en": {
        "vakt": ("day shift", "evening shift", "night shift"),
        "min": ("5", "10", "15", "20", "30"),
        "n": ("two", "three", "four", "five", "several"),
        "tid": ("today", "this morning", "right now", "since this morning", "since lunch", "tonight"),
        "sted": ("in the staff room", "in the office", "at the patient's home", "in the medication room", "in the car"),
    },
}

_SLOT = re.compile(r"\{(\w+)\}")

# ---------------------------------------------------------------------------------------------
# Bokmål
# ---------------------------------------------------------------------------------------------
NB: dict[str, object] = {
    "open_complaint": (
        "Hei.", "Hei!", "Hallo?", "Hjelp!", "Sukk.", "Igjen...", "Nå må noen hjelpe oss.", "Hei support.",
        "Hei, vi har et problem.", "Melder fra om et problem.", "Hei igjen.", "God morgen.", "Hei fra {vakt}.",
        "Dette må dere vite om.", "Sorry for mas.", "Nytt problem her.", "Samme problem som i går.",
        "Hei, det er oss igjen.", "Ok, nå holder det.", "Haster!",
    ),
    "open_neutral": (
        "Hei!", "Hei.", "Hei alle.", "Hallo.", "God morgen.", "Spørsmål:", "Et kjapt spørsmål.",
        "Hei, lurer på en ting.", "Hei superbrukere.", "God kveld.", "Hei fra {vakt}.", "Hei hei.",
        "Et spørsmål fra oss.", "Lurer på noe.",
    ),
    "open_pos": (
        "Hei alle sammen!", "God morgen fra oss!", "Hei!", "Hei fra {vakt}!", "Kort status fra oss.",
        "Bare en liten hilsen.", "Må bare si det:", "Gode nyheter herfra.", "Hei support!", "Hallo!",
        "Status fra oss:", "Kjapp oppdatering.",
    ),
    "problem": {
        "innlogging": (
            "Får ikke logget inn i Helseplattformen {tid}.",
            "Kortleseren {sted} godtar ikke kortet mitt.",
            "Jeg mangler tilgang til pasientlista for enheten.",
            "Har fått feil rolle i systemet og ser ikke vedtakene.",
            "Innloggingen henger på en hvit skjerm i {min} minutter.",
            "Tre av oss på {vakt} har ikke fått brukernavn ennå.",
            "Passordet ble nullstilt, men nå er kontoen låst.",
            "Vikarene våre står uten tilgang.",
            "Får beskjed om at brukeren ikke har tilgang til denne avdelingen.",
            "Når jeg bytter til riktig enhet blir jeg kastet ut.",
            "Det tar {min} minutter å logge inn hver gang.",
            "Nye ansatte som begynte i går har fortsatt ikke tilgang.",
            "Kodebrikken virker ikke lenger.",
            "Får feilmelding om utløpt sertifikat når jeg logger på.",
        ),
        "utskrift": (
            "Skriveren {sted} dukker ikke opp i lista.",
            "Utskrift av medisinlister fungerer ikke.",
            "Etikettskriveren skriver ut blanke etiketter.",
            "Kjørelista blir ikke skrevet ut før {vakt}.",
            "Alt vi skriver ut havner på en skriver i en annen etasje.",
            "Får feilmelding hver gang jeg prøver å skrive ut tiltaksplanen.",
            "Utskriften kommer i liggende format og blir uleselig.",
            "Vi får ikke skrevet ut arbeidslistene, så {vakt} går uten oversikt.",
            "Skriveren er satt opp feil og skriver ut {n} kopier av alt.",
            "Armbåndskriveren virker ikke.",
        ),
        "rover": (
            "Rover henger når jeg skal dokumentere {sted}.",
            "Rover logger meg ut midt i et besøk.",
            "Får ikke skannet strekkoden på medisinene med Rover.",
            "Rover-telefonen mister nettet {sted}.",
            "Rover viser ikke oppdatert kjøreliste.",
            "Appen krasjet {n} ganger på {vakt}.",
            "Batteriet på Rover-telefonene holder ikke en hel vakt.",
            "Bildene vi tar i Rover blir ikke lagret i journalen.",
            "Rover synkroniserer ikke, og besøkene står som ikke utført.",
            "Vi har for få Rover-telefoner til {vakt}.",
            "Innloggingen i Rover tar {min} minutter ute i bilen.",
            "Rover viser feil adresse på besøket.",
        ),
        "legemidler": (
            "Legemiddellista stemmer ikke med det som står i multidosen.",
            "Får ikke kvittert ut medisiner som gitt.",
            "Administreringen viser feil tidspunkt for medisinene.",
            "Vi finner ikke behovsmedisinene i kurven.",
            "Multidoselista fra apoteket er ikke kommet inn.",
            "Dobbeltkontrollen av legemidler fungerer ikke i Rover.",
            "Det står at medisinen er gitt, men det har den ikke blitt.",
            "Vi er usikre på om ordinasjonene fra fastlegen er oppdatert.",
            "Medisinkortet viser gamle doseringer.",
            "Legemiddelhåndteringen tar dobbelt så lang tid som før.",
            "Insulindosene vises ikke i administreringen {tid}.",
        ),
        "elink": (
            "E-link til fastlegen ser ikke ut til å komme fram.",
            "Vi får ikke svar på e-link-meldingene vi sendte {tid}.",
            "Meldingene fra sykehuset dukker ikke opp i innboksen.",
            "E-link-innboksen er tom, det kan ikke stemme.",
            "Vi vet ikke hvem som skal følge opp meldingene i arbeidslista.",
            "Sendte e-link til legekontoret for {n} dager siden, ingen svar.",
            "Finner ikke igjen meldingene vi har sendt.",
            "Epikrisen fra sykehuset har ikke kommet.",
            "Meldingsloggen viser sendt, men mottakeren har ikke fått noe.",
        ),
        "timebok": (
            "Timeboka viser feil arbeidstid for {vakt}.",
            "Besøkene er lagt på feil dag i timeboka.",
            "Vi får ikke flyttet besøk mellom ansatte.",
            "Kjørelista er tom for {vakt}.",
            "Dobbeltbookinger overalt i timeboka.",
            "Timeboka har ikke med besøkene fra det gamle systemet.",
            "Det tar evigheter å planlegge morgendagen i timeboka.",
            "Ruteplanleggingen gir oss {n} besøk på samme tid.",
            "Faste besøk forsvinner fra timeboka etter lagring.",
        ),
        "dokumentasjon": (
            "Finner ikke riktig notattype for å dokumentere.",
            "Tiltaksplanene fra det gamle systemet mangler.",
            "Vi dokumenterer både på papir og i systemet nå.",
            "Det tar {min} minutter å skrive et enkelt notat.",
            "Pleieplanen til flere brukere er ikke overført.",
            "Vet ikke hvor vi skal dokumentere i det nye systemet.",
            "Flytskjemaene er uoversiktlige, og vi glemmer felt.",
            "Rapporten til {vakt} blir ikke komplett.",
            "Manuell overføring av journaldata er ikke ferdig for alle brukere.",
            "Vi finner ikke igjen notatene fra forrige vakt.",
        ),
        "opplaering": (
            "Kurset var for lenge siden, og vi husker lite.",
            "Mange på {vakt} har ikke fått opplæring ennå.",
            "Vikarene har ikke hatt kurs i det hele tatt.",
            "E-læringen ligner ikke på det vi ser i systemet nå.",
            "Vi trenger mer tid med superbrukerne.",
            "Brukerveiledningene er vanskelige å finne.",
            "Øvingsmiljøet var annerledes enn det vi har nå.",
            "Nattevakta har ikke fått noen gjennomgang.",
            "Sommervikarene begynner snart og har ikke fått kurs.",
        ),
        "ytelse": (
            "Systemet er veldig tregt {tid}.",
            "Alt henger i {min} minutter før vi kommer videre.",
            "Skjermbildet fryser når vi åpner journalen.",
            "Vi ble kastet ut av systemet {n} ganger {tid}.",
            "Det går tregt å søke opp brukere.",
            "Systemet krasjet midt i vaktrapporten.",
            "Hele avdelingen har problemer med å komme inn.",
            "Tregt og ustabilt {sted}.",
        ),
        "henvisning": (
            "Henvisningene vi sender kommer ikke fram til mottaker.",
            "Finner ikke innkommende henvisninger i arbeidslista.",
            "Vet ikke hvem som skal behandle nye henvisninger.",
            "Henvisning til fysioterapi ble sendt til feil enhet.",
            "Søknader om tjenester blir liggende uten saksbehandler.",
            "Vedtakene fra tildeling er ikke synlige for oss.",
            "Henvisningene fra fastlegene ligger ubesvart.",
        ),
        "generelt": (
            "Ingenting fungerer som det skal {tid}.",
            "Vi vet ikke hvor vi skal finne noe som helst.",
            "Det er kaos på vaktrommet.",
            "Vi får ikke gjort jobben vår ordentlig.",
            "Alt tar mye lengre tid enn før.",
            "Systemet gjør ikke det vi trenger.",
            "Mye som ikke virker {sted}.",
            "Vi sliter med det meste {tid}.",
            "Det er for mange klikk for alt.",
        ),
    },
    "consequence": (
        "Det går ut over pasientene.", "Vi blir hengende etter med alt.", "{vakt} måtte skrive på papir.",
        "Vi bruker dobbelt så lang tid på hvert besøk.", "Brukerne må vente på oss.", "Folk blir stressa.",
        "Vi rekker ikke alle besøkene.", "Vi må ringe rundt i stedet.", "Det skaper mye uro på huset.",
        "Ansatte blir igjen etter vakt for å dokumentere.", "Vi er redde for at noe faller mellom stoler.",
        "Vi har måttet sette inn ekstra folk.", "Det blir mye overtid.",
        "Pårørende lurer på hvorfor alt tar tid.", "Flere besøk ble forsinket {tid}.",
        "Rapporten tok {min} minutter ekstra.", "Vi bruker mer tid på PC-en enn hos brukerne.",
        "Det er vanskelig å holde motet oppe.", "Vi må dobbeltsjekke alt manuelt.",
        "Det tar tid fra pasientarbeidet.", "Vi måtte kjøre tilbake til kontoret.",
        "Ingen på {vakt} fikk pause.",
    ),
    "fatigue": (
        "Folk er slitne nå.", "Vi merker at det tærer på.", "Etter en uke med dette er tålmodigheten borte.",
        "Det begynner å bli tungt.", "Mange sier de gruer seg til neste vakt.", "Nå er vi ganske lei.",
        "Det er ikke holdbart over tid.", "Vi trodde det skulle bli bedre etter noen dager.",
        "Feilene vi meldte forrige uke er fortsatt ikke løst.", "Vi har meldt dette {n} ganger uten svar.",
        "Energien fra go-live-helga er borte.", "Flere har ringt seg syke.",
    ),
    "ask": (
        "Kan noen se på dette?", "Hvem kan hjelpe oss?", "Trenger hjelp snarest.", "Er dette en kjent feil?",
        "Kan en superbruker komme innom?", "Hva gjør vi i mellomtiden?", "Er det noen som vet noe?",
        "Noen som har en løsning?", "Kan supportsenteret ringe oss?", "Når blir dette fikset?",
        "Har meldt sak i portalen, men hører ingenting.", "Gi beskjed når det er løst.", "Hva er planen her?",
        "Kan vi få noen hit i dag?", "Kan noen komme før {vakt}?",
        "Skal vi melde sak, eller er dette kjent?", "Ber om rask tilbakemelding.",
        "Noen andre som opplever det samme?",
    ),
    "close_neg": (
        "Takk.", "Mvh {vakt}.", "Hilsen en sliten sykepleier.", "Takk på forhånd.", "Venter på svar.",
        "Dette haster.", "Hilsen vaktrommet.", "Hilsen frustrert helsefagarbeider.",
    ),
    "close_neutral": (
        "Takk!", "Takk for hjelpen.", "Takk på forhånd.", "Mvh {vakt}.", "Hilsen vaktrommet.",
        "På forhånd takk.", "Takk skal dere ha.", "Hilsen fagsykepleier.", "Hilsen helsefagarbeider på {vakt}.",
    ),
    "close_pos": (
        "Takk!", "Tusen takk til dere i supportsenteret!", "Stå på!", "Heia oss!", "Vi klarer dette!",
        "Takk for god hjelp.", "Hilsen en fornøyd gjeng.", "Vi står på videre.",
        "Takk til superbrukerne våre!", "Fortsatt god vakt!",
    ),
    "praise": {
        "innlogging": (
            "Innloggingen gikk knirkefritt for alle på {vakt}.", "Alle har fått tilgang nå.",
            "Kortleseren virker endelig.", "Tilgangene ble ordnet på rekordtid.",
        ),
        "utskrift": (
            "Skriveren fungerer som den skal igjen.", "Etikettene skrives ut fint nå.",
            "Utskrift av kjørelister går fint.",
        ),
        "rover": (
            "Rover fungerer over all forventning.", "Rover sparer oss for mange turer tilbake til kontoret.",
            "Vi dokumenterer ute hos bruker med Rover, og det går kjempebra.",
            "Slipper å kjøre tilbake for å sjekke meldinger, det er supert.",
            "Strekkodeskanning i Rover går som en drøm.", "Rover er et løft for {vakt}.",
        ),
        "legemidler": (
            "Legemiddellistene er oversiktlige.", "Utdeling av medisiner gikk fint {tid}.",
            "Kurven er mye bedre enn vi trodde.",
        ),
        "elink": (
            "E-link fra fastlegen kom fram raskt.", "Meldingene kommer inn som de skal nå.",
            "Fint å se meldingene rett i arbeidslista.",
        ),
        "timebok": (
            "Timeboka er grei når man først skjønner den.", "Planleggingen går raskere hver dag.",
            "Kjørelistene er riktige i dag.",
        ),
        "dokumentasjon": (
            "Dokumentasjonen går mye raskere nå.", "Slipper dobbeltdokumentasjon, endelig!",
            "Notatene er lette å finne igjen.",
        ),
        "opplaering": (
            "Superbrukerne våre er gull verdt.", "Gjennomgangen i morges hjalp veldig.",
            "Fikk god opplæring på vaktrommet {tid}.", "Hurtigguidene er kjempenyttige.",
        ),
        "ytelse": ("Systemet går raskt {tid}.", "Ingen heng på hele vakta.", "Mye mer stabilt etter oppdateringen."),
        "henvisning": (
            "Henvisningene kommer fint inn i arbeidslista.", "Vi fikk behandlet alle nye henvisninger {tid}.",
        ),
        "generelt": (
            "Her har det gått veldig bra.", "Det går bedre for hver dag.", "God stemning på huset.",
            "Alt har gått fint {tid}.", "Vi er godt i gang.", "Det går overraskende bra.", "Vi har kontroll.",
            "Rolig vakt, alt fungerer.", "Vi har fått god hjelp av supporten.", "Mye bedre enn fryktet.",
            "Stolte av gjengen vår.", "Vi kommer oss gjennom det, og humøret er godt.", "Ansatte er positive.",
            "Roligere i dag enn i går.", "Vi har funnet en god rytme.",
        ),
    },
    "pos_extra": (
        "God stemning på vaktrommet.", "Superbrukerne har vært fantastiske.",
        "Takk for rask hjelp fra supportsenteret.", "Folk hjelper hverandre.", "Vi lærer noe nytt hver dag.",
        "Vi har god tro på dette.", "Det blir bedre og bedre.", "Humøret er på topp.",
        "Kaffe og kake på vaktrommet hjelper også.", "Vi gleder oss over små seire.",
        "Ansatte er stolte av innsatsen.", "Brukerne merker nesten ikke noe.", "Vi ser allerede gevinster.",
        "Slipper mye dobbeltarbeid.", "Fin dag tross alt.", "{vakt} var fornøyd i dag.",
    ),
    "question": {
        "innlogging": (
            "Hvordan bytter jeg til riktig enhet etter innlogging?", "Hvem bestiller tilgang for nye vikarer?",
            "Hva gjør jeg når kortet ikke blir lest?", "Hvor lang tid tar det før en ny bruker får tilgang?",
        ),
        "utskrift": (
            "Hvordan legger jeg til skriveren {sted}?", "Hvor finner jeg utskrift av kjørelista?",
            "Kan vi skrive ut medisinlista i stor skrift?",
        ),
        "rover": (
            "Hvordan kvitterer jeg et besøk i Rover?", "Kan vi lese e-link i Rover?",
            "Hvor ser jeg neste besøk i Rover?", "Må Rover-telefonen lades hver vakt?",
            "Hvordan legger jeg til bilde i Rover?",
        ),
        "legemidler": (
            "Hvor registrerer jeg behovsmedisin?", "Hvordan gjør vi dobbeltkontroll i nytt system?",
            "Hvem oppdaterer legemiddellista når fastlegen endrer noe?", "Hvor finner jeg multidoseoversikten?",
        ),
        "elink": (
            "Hvor ser jeg om en e-link er lest?", "Hvem følger opp meldingene i arbeidslista vår?",
            "Hvordan sender jeg e-link til fastlegen?", "Hvor havner svarene på meldingene vi sender?",
        ),
        "timebok": (
            "Hvordan flytter jeg et besøk til en annen ansatt?", "Hvor legger jeg inn fravær i timeboka?",
            "Hvordan lager jeg kjøreliste for {vakt}?",
        ),
        "dokumentasjon": (
            "Hvilken notattype skal vi bruke for rapport?", "Hvor skriver jeg avviksmelding nå?",
            "Hvordan finner jeg pleieplanen?", "Skal vi fortsatt føre papirlister?",
        ),
        "opplaering": (
            "Når er neste drop-in med superbrukerne?", "Finnes det en hurtigguide for {vakt}?",
            "Hvor finner vi e-læringen nå?", "Kan vi få en gjennomgang på personalmøtet?",
        ),
        "ytelse": (
            "Er det kjent at systemet er tregt {tid}?", "Er det driftsproblemer nå?",
            "Er det planlagt nedetid i kveld?",
        ),
        "henvisning": (
            "Hvor kommer nye henvisninger inn?", "Hvem fordeler henvisningene hos oss?",
            "Hvordan svarer vi på en søknad om tjenester?",
        ),
        "generelt": (
            "Hvor melder vi saker nå?", "Hvem er superbruker på {vakt}?", "Er supportsenteret åpent hele natta?",
            "Når er neste statusmøte?", "Hvor finner vi nyhetsbrevet fra prosjektet?",
        ),
    },
    "question_context": (
        "Vi er litt usikre.", "Fant det ikke i veilederen.", "Har prøvd selv uten hell.", "Ingen her vet svaret.",
        "Spør for en kollega.", "Det er nytt for oss.", "Vi lærte det på kurset, men husker ikke.",
        "Ble litt forvirret.", "Det haster ikke.", "Vil gjerne gjøre det riktig fra start.", "Vikaren vår lurer.",
        "Spør på vegne av {vakt}.",
    ),
    "answer": {
        "innlogging": (
            "Logg ut helt, ta ut kortet og prøv igjen, så skal tilgangen være der.",
            "Tilgang for vikarer bestilles av enhetsleder i portalen.",
            "Husk å velge riktig avdeling i kontekstvalget.",
        ),
        "utskrift": (
            "Skriveren må legges til under skriveroppsett, jeg kommer bort og viser.",
            "Vi har meldt skriverfeilen, og en rettelse kommer i kveld.",
            "Velg Skriv ut liste fra menyen øverst.",
        ),
        "rover": (
            "Start Rover på nytt og sjekk at du er på riktig nett.", "Besøket kvitteres ved å sveipe til høyre.",
            "E-link kan leses i Rover under meldinger.", "Lad telefonene i laderen på vaktrommet mellom vaktene.",
        ),
        "legemidler": (
            "Behovsmedisin registreres under administrering, ikke i notatet.",
            "Dobbeltkontroll gjøres med to pålogginger i Rover.",
            "Legemiddellista oppdateres av fastlegen, ikke av oss.",
        ),
        "elink": (
            "Meldinger til fastlege sendes fra arbeidslista, og du ser status i meldingsloggen.",
            "Sjekk at riktig mottaker er valgt før du sender.",
            "Vi har meldt problemet med meldinger videre til IT.",
        ),
        "timebok": (
            "Dra besøket over til riktig ansatt i planleggingsvisningen.",
            "Fravær legges inn av den som planlegger.", "Kjørelista oppdateres når timeboka er lagret.",
        ),
        "dokumentasjon": (
            "Bruk notattypen Rapport for vaktrapport.", "Avvik meldes fortsatt i avvikssystemet, ikke i journalen.",
            "Pleieplanen ligger under fanen Plan.",
        ),
        "opplaering": (
            "Vi har drop-in på vaktrommet klokka 13 hver dag denne uka.", "Hurtigguidene ligger på intranettet.",
            "Jeg kommer innom på {vakt} og går gjennom det.",
        ),
        "ytelse": (
            "Det er kjent, leverandøren jobber med saken.", "Prøv å lukke noen faner, det hjelper ofte.",
            "Tregheten er meldt videre til IT-drift.",
        ),
        "henvisning": (
            "Nye henvisninger ligger i arbeidslista Innkommende.",
            "Tildelingskontoret fordeler henvisningene hver morgen.",
        ),
        "generelt": (
            "Meld sak i selvbetjeningsportalen, så får du tilbakemelding.", "Ring supportsenteret hvis det haster.",
            "Vi tar det på morgenmøtet.", "Jeg kommer bort nå.", "Det er løst nå, prøv igjen.",
        ),
    },
    "answer_open": (
        "Hei!", "Hei.", "Svar:", "Til {vakt}:", "Godt spørsmål.", "Kjent sak.", "Hei, superbruker her.",
        "Tips:", "Dette får vi mye spørsmål om.", "Enkelt når man vet det:", "Kort svar:",
    ),
    "answer_extra": (
        "Jeg har hengt opp en hurtigguide på vaktrommet.", "Det står også i brukerveiledningen.",
        "Vi tar det på drop-in i morgen også.", "Flere har spurt om det samme i dag.",
        "Det ble endret etter siste oppdatering.", "Vi har sendt beskjed til alle enhetene.",
        "Gjør det likt på alle vakter, så blir det riktig.", "Dette blir enklere etter hvert.",
    ),
    "answer_close": (
        "Si fra om det fortsatt ikke går.", "Gi lyd hvis du trenger mer hjelp.", "Lykke til!", "Stå på!",
        "Vi følger med.", "Håper det hjelper.",
    ),
    "sb_status_pos": (
        "Vi superbrukere har vært rundt på alle vaktrom i dag.", "Færre spørsmål i dag enn i går.",
        "Mye enklere spørsmål nå enn i starten.", "Folk begynner å finne ut av det selv.",
        "Rolig på superbrukerchatten {tid}.", "Vi har hjulpet mange med Rover {tid}, og det går bedre.",
    ),
    "sb_status_neg": (
        "Vi superbrukere strekker ikke til.", "Det er for mange spørsmål til at vi rekker alle.",
        "Superbrukerne er slitne etter en lang uke.", "Halv tid som superbruker er for lite nå.",
        "Vi får ikke svar fra IT på sakene vi sender videre.", "Kø på superbrukerchatten hele dagen.",
    ),
    "lead_pos": (
        "Status fra oss: det går godt.", "God stemning i personalgruppa.", "Vi har kontroll på driften.",
        "Alle vakter er gjennomført uten store problemer.", "Vi er godt fornøyd med dagen.",
        "Status fra enheten: grønt.",
    ),
    "lead_neg": (
        "Status fra oss: krevende dag.", "Vi har ikke kontroll på arbeidslistene.",
        "Personalet er slitent og frustrert.", "Vi trenger mer støtte fra supportsenteret.",
        "Vi har måttet leie inn ekstra folk.",
    ),
    "lead_neu": (
        "Kort status fra enheten.", "Blandet dag.", "Noen utfordringer, men stort sett greit.",
        "Vi jobber oss gjennom det.",
    ),
    "lead_outlook_pos": (
        "Vi har tro på at dette blir bra.", "Vi ser bedring for hver dag.", "Vi er på rett vei.",
        "Neste uke blir bedre.",
    ),
    "lead_outlook_neg": (
        "Vi trenger en plan for de neste dagene.", "Jeg er bekymret for neste uke.", "Dette må løses før helga.",
        "Vi ber om hjelp til prioritering.",
    ),
    "prep_pos": (
        "Kurset i dag var nyttig.", "Kurset i går var nyttig.", "Vi gleder oss til 7. mai!",
        "Superbrukerne våre er klare.",
        "Øvingsmiljøet fungerer fint.", "Godt opplegg på superbrukerkurset.", "Nå er nesten alle ferdige med kurs.",
    ),
    "prep_neg": (
        "Mange har ikke fått tatt e-læringen ennå.", "Vi gruer oss litt til go-live.",
        "Får ikke logget inn i øvingsmiljøet.", "Det er vanskelig å få folk frigjort til kurs.",
        "Usikker på hvordan manuell overføring skal gjøres.", "Nedetidsrutinen er ikke klar hos oss.",
    ),
    "prep_question": (
        "Når får vi tilgang til øvingsmiljøet?", "Hvem har ansvar for manuell overføring av journaler?",
        "Hva gjør vi natt til lørdag under cut-over?", "Hvor finner vi rutinen for nedetid?",
        "Hvordan bestiller vi ekstra kurs?", "Får vikarene kurs før 7. mai?",
    ),
    "elink_story": (
        "E-link til fastlegene kommer ikke fram, vi har sendt {n} meldinger {tid}.",
        "Legekontoret sier de ikke har mottatt e-link fra oss siden go-live.",
        "E-link-meldingene står som sendt, men kommer ikke fram.",
        "Vi får ikke e-link fra sykehuset om utskrivninger.",
        "Svar på e-link fra legen har ikke kommet, og vi vet ikke om medisinendringen gjelder.",
        "Ingen av e-linkene om nye beboere har kommet fram.",
        "E-link om endret dosering kom ikke fram før {vakt}.",
        "Vi ringer legekontorene fordi e-link ikke virker.",
        "Meldinger via e-link forsvinner, det er ikke trygt.",
        "Fastlegen har ikke fått e-link om fallet i går.",
    ),
    "elink_extra": (
        "Vi har skrevet avvik på dette.", "Vi ringer rundt i stedet, men det tar tid.",
        "Ingen vet hvor meldingene blir av.", "Dette er tredje dag på rad.", "Vi er bekymret for pasientsikkerheten.",
    ),
    "load_story": (
        "Mange nye innleggelser denne uka, men vi har kontroll.",
        "Fullt hus igjen, og flere pasienter på vei fra sykehuset.",
        "Travelt med mange utskrivninger fra sykehuset, men systemet hjelper oss.",
        "Vi tar imot flere pasienter enn før, og det går fint.", "Høyt tempo, men god stemning.",
        "Flere saker til supporten fordi vi har mange nye ansatte på jobb.",
        "Det er mye å gjøre, men vi får det til.", "Rekordmange innkomster i dag, og alle ble dokumentert.",
    ),
    "dip_story": (
        "Flere er sykmeldte, og vikarene kan ikke systemet.", "Kjørelistene er feil for tredje dag på rad.",
        "Vi henger etter med dokumentasjonen for hele uka.", "Stemningen er laber på vaktrommet.",
        "Vi har ikke hatt superbruker på huset siden fredag.",
        "Etter at superbrukerne gikk ned til halv tid står vi alene med problemene.",
        "Det er tungt nå, vi trenger hjelp.",
    ),
    "report_mood": {
        5: ("Veldig god dag.", "Alt går bra, god stemning.", "Rolig og god dag på enheten.",
            "Supergod stemning i dag.", "Stabil drift og fornøyde ansatte."),
        4: ("Stort sett god dag.", "Bra dag med noen småfeil.", "God stemning, få saker.", "Greit driftsdøgn.",
            "Det går seg til."),
        3: ("Blandet dag.", "Noe frustrasjon, men vi har kontroll.", "Krevende, men håndterbart.",
            "Litt mye på en gang i dag.", "Middels dag."),
        2: ("Krevende dag.", "Mye frustrasjon blant ansatte.", "Vi henger etter.", "Tung dag med mange feil.",
            "Slitne ansatte."),
        1: ("Svært krevende døgn.", "Vi har ikke kontroll.", "Kritisk situasjon på enheten.", "Kaos i dag.",
            "Vi trenger hjelp nå."),
    },
    "report_plan": (
        "Superbruker går gjennom arbeidslistene i morgen.", "Vi tar en gjennomgang på morgenmøtet.",
        "Fortsetter med drop-in på vaktrommet.", "Melder saker fortløpende.", "Vi følger opp med supportsenteret.",
        "Ekstra bemanning på dagvakt i morgen.", "Ny gjennomgang av Rover med kveldsvakta.",
        "Vi prioriterer dokumentasjon neste vakt.", "Ingen tiltak utover vanlig drift.",
    ),
    "report_elink": (
        "E-link til fastlegene kommer fortsatt ikke fram.", "Meldinger via e-link mangler, avvik er skrevet.",
        "Vi ringer legekontorene fordi e-link ikke virker.",
    ),
    "report_load": (
        "Mange innleggelser, men god stemning.", "Høyt press og flere saker, men vi har kontroll.",
        "Fullt belegg og mange utskrivninger fra sykehuset.",
    ),
}

# ---------------------------------------------------------------------------------------------
# Nynorsk (smaller bank; missing themes fall back to "generelt")
# ---------------------------------------------------------------------------------------------
NN: dict[str, object] = {
    "open_complaint": ("Hei.", "Hei!", "Hjelp!", "Hallo?", "Hei support.", "Hei igjen.", "Nytt problem her.",
                       "Hei frå {vakt}."),
    "open_neutral": ("Hei!", "Hei.", "God morgon.", "Eit kjapt spørsmål.", "Hei, lurer på ein ting.",
                     "Hei frå {vakt}."),
    "open_pos": ("Hei alle saman!", "God morgon frå oss!", "Hei!", "Kort status frå oss.", "Hei frå {vakt}!"),
    "problem": {
        "innlogging": ("Får ikkje logga inn {tid}.", "Vikarane våre har ikkje tilgang.",
                       "Kortlesaren {sted} godtek ikkje kortet.", "Det tek {min} minutt å logge inn."),
        "utskrift": ("Skrivaren {sted} dukkar ikkje opp i lista.", "Etikettskrivaren skriv ut blanke etikettar.",
                     "Me får ikkje skrive ut køyrelista."),
        "rover": ("Rover heng når eg skal dokumentere {sted}.", "Rover loggar meg ut midt i eit besøk.",
                  "Appen krasja {n} gonger på {vakt}.", "Batteriet på Rover held ikkje ei heil vakt."),
        "legemidler": ("Legemiddellista stemmer ikkje med multidosen.", "Får ikkje kvittert ut medisinar som gitt.",
                       "Me finn ikkje behovsmedisinane i kurva."),
        "elink": ("E-link til fastlegen ser ikkje ut til å kome fram.", "Me får ikkje svar på meldingane {tid}.",
                  "Meldingane frå sjukehuset dukkar ikkje opp."),
        "timebok": ("Timeboka viser feil arbeidstid for {vakt}.", "Besøka er lagde på feil dag.",
                    "Køyrelista er tom for {vakt}."),
        "dokumentasjon": ("Finn ikkje rett notattype.", "Tiltaksplanane frå det gamle systemet manglar.",
                          "Det tek {min} minutt å skrive eit enkelt notat."),
        "opplaering": ("Kurset var for lenge sidan.", "Mange på {vakt} har ikkje fått opplæring enno."),
        "ytelse": ("Systemet er veldig tregt {tid}.", "Alt heng i {min} minutt.",
                   "Me vart kasta ut {n} gonger {tid}."),
        "henvisning": ("Tilvisingane kjem ikkje fram.", "Finn ikkje nye tilvisingar i arbeidslista."),
        "generelt": ("Ingenting fungerer som det skal {tid}.", "Alt tek mykje lengre tid enn før.",
                     "Me får ikkje gjort jobben vår skikkeleg.", "Det er kaos på vaktrommet."),
    },
    "consequence": ("Det går ut over pasientane.", "Me blir hengande etter.", "{vakt} måtte skrive på papir.",
                    "Brukarane må vente på oss.", "Me rekk ikkje alle besøka.", "Det blir mykje overtid.",
                    "Me må dobbeltsjekke alt manuelt.", "Folk blir stressa."),
    "fatigue": ("Folk er slitne no.", "Det byrjar å bli tungt.", "No er me ganske lei.",
                "Me trudde det skulle bli betre etter nokre dagar."),
    "ask": ("Kan nokon sjå på dette?", "Kven kan hjelpe oss?", "Treng hjelp snarast.", "Er dette ein kjend feil?",
            "Kan ein superbrukar kome innom?", "Kva gjer me i mellomtida?", "Når blir dette fiksa?"),
    "close_neg": ("Takk.", "Helsing vaktrommet.", "Ventar på svar.", "Helsing {vakt}."),
    "close_neutral": ("Takk!", "Takk for hjelpa.", "Takk på førehand.", "Helsing {vakt}."),
    "close_pos": ("Takk!", "Tusen takk til supportsenteret!", "Stå på!", "Me klarer dette!"),
    "praise": {
        "rover": ("Rover fungerer over all forventning.", "Me slepp å køyre tilbake til kontoret, det er supert."),
        "innlogging": ("Alle har fått tilgang no.", "Innlogginga gjekk fint for heile {vakt}."),
        "dokumentasjon": ("Dokumentasjonen går mykje raskare no.", "Slepp dobbeltdokumentasjon, endeleg!"),
        "generelt": ("Her har det gått veldig bra.", "Det går betre for kvar dag.", "God stemning på huset.",
                     "Alt har gått fint {tid}.", "Me er godt i gang.", "Mykje betre enn frykta.",
                     "Stolte av gjengen vår.", "Roleg vakt, alt fungerer."),
    },
    "pos_extra": ("God stemning på vaktrommet.", "Superbrukarane har vore fantastiske.", "Folk hjelper kvarandre.",
                  "Me lærer noko nytt kvar dag.", "Det blir betre og betre.", "Humøret er på topp."),
    "question": {
        "rover": ("Korleis kvitterer eg eit besøk i Rover?", "Kan me lese e-link i Rover?"),
        "innlogging": ("Kven bestiller tilgang for nye vikarar?", "Kva gjer eg når kortet ikkje blir lese?"),
        "legemidler": ("Kvar registrerer eg behovsmedisin?", "Korleis gjer me dobbeltkontroll no?"),
        "timebok": ("Korleis flyttar eg eit besøk til ein annan tilsett?",),
        "generelt": ("Kvar melder me saker no?", "Kven er superbrukar på {vakt}?",
                     "Er supportsenteret ope heile natta?"),
    },
    "question_context": ("Me er litt usikre.", "Fann det ikkje i rettleiaren.", "Ingen her veit svaret.",
                         "Det hastar ikkje.", "Spør for ein kollega."),
    "answer": {
        "rover": ("Start Rover på nytt og sjekk at du er på rett nett.",
                  "Besøket blir kvittert ved å sveipe til høgre."),
        "innlogging": ("Logg heilt ut og prøv igjen, så skal tilgangen vere der.",),
        "generelt": ("Meld sak i sjølvbeteningsportalen, så får du tilbakemelding.", "Eg kjem bort no.",
                     "Ring supportsenteret om det hastar.", "Det er løyst no, prøv igjen."),
    },
    "answer_open": ("Hei!", "Svar:", "Til {vakt}:", "Godt spørsmål.", "Kjend sak.", "Tips:"),
    "answer_extra": ("Det står òg i brukarrettleiinga.", "Fleire har spurt om det same i dag.",
                     "Me tek det på drop-in i morgon òg."),
    "answer_close": ("Sei frå om det framleis ikkje går.", "Lukke til!", "Stå på!"),
    "sb_status_pos": ("Færre spørsmål i dag enn i går.", "Folk byrjar å finne ut av det sjølve."),
    "sb_status_neg": ("Me superbrukarar strekk ikkje til.", "Halv tid som superbrukar er for lite no."),
    "lead_pos": ("Status frå oss: det går godt.", "God stemning i personalgruppa.", "Me har kontroll på drifta."),
    "lead_neg": ("Status frå oss: krevjande dag.", "Personalet er slite og frustrert."),
    "lead_neu": ("Kort status frå eininga.", "Blanda dag."),
    "lead_outlook_pos": ("Me har tru på at dette blir bra.", "Me ser betring kvar dag."),
    "lead_outlook_neg": ("Me treng ein plan for dei neste dagane.", "Eg er uroa for neste veke."),
    "prep_pos": ("Kurset i dag var nyttig.", "Kurset i går var nyttig.", "Me gler oss til 7. mai!",
                 "Superbrukarane våre er klare."),
    "prep_neg": ("Mange har ikkje teke e-læringa enno.", "Me gruar oss litt til go-live."),
    "prep_question": ("Når får me tilgang til øvingsmiljøet?", "Kva gjer me under cut-over?"),
    "elink_story": ("E-link til fastlegane kjem ikkje fram, me har sendt {n} meldingar {tid}.",
                    "Legekontoret seier dei ikkje har fått e-link frå oss sidan go-live.",
                    "E-link-meldingane står som sende, men kjem ikkje fram."),
    "elink_extra": ("Me har skrive avvik på dette.", "Me ringjer rundt i staden."),
    "load_story": ("Mange nye innleggingar denne veka, men me har kontroll.", "Høgt tempo, men god stemning."),
    "dip_story": ("Fleire er sjukmelde, og vikarane kan ikkje systemet.", "Det er tungt no, me treng hjelp."),
    "report_mood": {
        5: ("Veldig god dag.", "Alt går bra, god stemning."),
        4: ("Stort sett god dag.", "Bra dag med nokre småfeil."),
        3: ("Blanda dag.", "Noko frustrasjon, men me har kontroll."),
        2: ("Krevjande dag.", "Mykje frustrasjon blant dei tilsette."),
        1: ("Svært krevjande døgn.", "Me har ikkje kontroll."),
    },
    "report_plan": ("Superbrukar går gjennom arbeidslistene i morgon.", "Me tek ein gjennomgang på morgonmøtet.",
                    "Melder saker fortløpande."),
    "report_elink": ("E-link til fastlegane kjem framleis ikkje fram.",),
    "report_load": ("Mange innleggingar, men god stemning.",),
}

# ---------------------------------------------------------------------------------------------
# English (a few staff write in English; smaller bank)
# ---------------------------------------------------------------------------------------------
EN: dict[str, object] = {
    "open_complaint": ("Hi.", "Hello?", "Help!", "Hi support.", "Hi again.", "Sorry to bother you."),
    "open_neutral": ("Hi!", "Hello.", "Quick question.", "Good morning."),
    "open_pos": ("Hi all!", "Good morning!", "Quick update from us."),
    "problem": {
        "innlogging": ("I can't log in to Helseplattformen {tid}.", "Our temps still have no access.",
                       "Login takes {min} minutes every time."),
        "rover": ("Rover keeps logging me out during visits.", "Rover freezes when I try to document {sted}.",
                  "The app crashed {n} times on the {vakt}."),
        "legemidler": ("The medication list doesn't match the multidose packs.",
                       "I can't sign off medication as given."),
        "elink": ("E-link messages to the GP don't seem to arrive.",
                  "We never got a reply to the messages we sent {tid}."),
        "ytelse": ("The system is really slow {tid}.", "Everything hangs for {min} minutes."),
        "utskrift": ("The printer {sted} is not in the list.", "Label printing doesn't work."),
        "generelt": ("Nothing works as it should {tid}.", "Everything takes much longer than before.",
                     "I can't find anything in the new system."),
    },
    "consequence": ("Patients have to wait.", "We are falling behind.", "The {vakt} had to use paper.",
                    "Lots of overtime."),
    "fatigue": ("People are tired now.", "It is getting hard."),
    "ask": ("Can someone look at this?", "Who can help us?", "Is this a known issue?", "When will this be fixed?"),
    "close_neg": ("Thanks.", "Waiting for an answer."),
    "close_neutral": ("Thanks!", "Thanks in advance.", "Thank you."),
    "close_pos": ("Thanks!", "Great work, support team!", "Keep it up!"),
    "praise": {
        "rover": ("Rover works better than expected.", "No more driving back to the office, great."),
        "generelt": ("Everything went really well today.", "Good atmosphere on the unit.", "Better every day.",
                     "Much better than we feared.", "Calm shift, everything works."),
    },
    "pos_extra": ("Super-users have been fantastic.", "People help each other.", "Spirits are high."),
    "question": {
        "rover": ("How do I sign off a visit in Rover?",),
        "generelt": ("Where do we report issues now?", "Who is the super-user on the {vakt}?",
                     "Is the support center open all night?"),
    },
    "question_context": ("Not sure how.", "Couldn't find it in the guide.", "No rush."),
    "answer": {"generelt": ("Please log a case in the self-service portal.", "Call the support center if urgent.",
                            "I'll come over now.")},
    "answer_open": ("Hi!", "Answer:", "Good question."),
    "answer_extra": ("It is also in the user guide.", "Several have asked the same today."),
    "answer_close": ("Let me know if it still fails.", "Good luck!"),
    "sb_status_pos": ("Fewer questions today than yesterday.",),
    "sb_status_neg": ("We super-users can't keep up.",),
    "lead_pos": ("Status: things are going well.", "Good spirits among staff."),
    "lead_neg": ("Status: a hard day.", "Staff are tired and frustrated."),
    "lead_neu": ("Short status from the unit.", "Mixed day."),
    "lead_outlook_pos": ("We believe this will turn out well.",),
    "lead_outlook_neg": ("We need a plan for the next few days.",),
    "prep_pos": ("The course today was useful.", "Looking forward to go-live!"),
    "prep_neg": ("Many have not done the e-learning yet.",),
    "prep_question": ("When do we get access to the training environment?",),
    "elink_story": ("E-link messages to the GPs are not arriving, we sent {n} {tid}.",
                    "The GP office says they have not received any e-link from us since go-live."),
    "elink_extra": ("We have filed an incident report.",),
    "load_story": ("Lots of new admissions this week, but we're in control.",),
    "dip_story": ("Several are off sick and the temps don't know the system.",),
    "report_mood": {5: ("Very good day.",), 4: ("Mostly a good day.",), 3: ("Mixed day.",),
                    2: ("Hard day.",), 1: ("Very hard day.",)},
    "report_plan": ("Following up with the support center.",),
    "report_elink": ("E-link to the GPs still not arriving.",),
    "report_load": ("Many admissions, but good spirits.",),
}

# Ticket summaries per category (what the caller wrote in the service desk's short field).
TICKET_SUMMARIES: dict[str, tuple[str, ...]] = {
    "Pålogging og tilgang": (
        "Får ikke logget inn", "Mangler tilgang til enhetens pasientliste", "Feil rolle/tilgangsprofil",
        "Konto låst etter nullstilling", "Vikar mangler brukerkonto", "Kortleser godtar ikke kortet",
        "Kastes ut ved bytte av enhet", "Utløpt sertifikat ved pålogging",
    ),
    "Utskrift": (
        "Skriver mangler i skriverlista", "Etikettskriver skriver blankt", "Kjøreliste skrives ikke ut",
        "Utskrift havner på feil skriver", "Armbåndskriver virker ikke", "Feil format på utskrift",
    ),
    "Rover/mobil": (
        "Rover logger ut under besøk", "Rover synkroniserer ikke", "Strekkodeskanning feiler",
        "Rover viser ikke oppdatert kjøreliste", "Mobil mister nett", "Bilder lagres ikke fra Rover",
        "Rover-telefon mangler", "Batteri holder ikke vakta ut",
    ),
    "Legemidler": (
        "Legemiddelliste avviker fra multidose", "Kan ikke kvittere ut legemiddel", "Behovsmedisin mangler i kurven",
        "Feil tidspunkt i administrering", "Dobbeltkontroll feiler", "Ordinasjon ikke oppdatert",
    ),
    "E-link og meldinger": (
        "E-link kommer ikke fram til fastlege", "Mangler svar på e-link", "Meldinger fra sykehus mangler",
        "Tom innboks for e-link", "Uklart ansvar for meldinger i arbeidsliste", "Epikrise ikke mottatt",
    ),
    "Timebok": (
        "Feil arbeidstid i timebok", "Besøk lagt på feil dag", "Kan ikke flytte besøk", "Tom kjøreliste",
        "Dobbeltbooking", "Faste besøk forsvinner",
    ),
    "Dokumentasjon": (
        "Finner ikke notattype", "Tiltaksplan mangler etter migrering", "Pleieplan ikke overført",
        "Rapport blir ikke komplett", "Notater fra forrige vakt mangler", "Flytskjema mangler felt",
    ),
    "Opplæring": (
        "Ønsker opplæring for nattevakt", "Vikarer mangler kurs", "Finner ikke brukerveiledning",
        "Ber om superbruker på enheten", "Ønsker gjennomgang på personalmøte",
    ),
    "Ytelse og stabilitet": (
        "Systemet er tregt", "Skjermbilde fryser", "Kastes ut av systemet", "Treg søk etter bruker",
        "Krasj ved vaktrapport",
    ),
    "Henvisninger": (
        "Henvisning ikke mottatt", "Innkommende henvisninger mangler", "Henvisning sendt til feil enhet",
        "Søknad uten saksbehandler", "Vedtak ikke synlig",
    ),
    "Annet": (
        "Spørsmål om rutine", "Ønsker tilbakemelding på sak", "Utstyr mangler", "Feil i enhetsoppsett",
        "Generelt spørsmål",
    ),
}

BANKS: dict[str, dict[str, object]] = {"nb": NB, "nn": NN, "en": EN}

# Time-of-day buckets (morning 06-11, day 12-16, evening 17-22, night 23-05) and the words that
# would read wrong in them, so a "God morgen" is never sent at ten in the evening.
BUCKETS = ("morgen", "dag", "kveld", "natt")
_TIME_WORDS: dict[str, tuple[str, ...]] = {
    "morgen": ("i kveld", "god kveld", "i natt", "siden lunsj", "sidan lunsj", "tonight", "since lunch"),
    "dag": ("god morgen", "god morgon", "good morning", "god kveld", "i natt", "i kveld", "tonight",
            "i morges", "i dag tidleg", "this morning"),
    "kveld": ("god morgen", "god morgon", "good morning", "i morges", "i dag tidleg", "this morning", "i natt",
              "hele formiddagen", "heile formiddagen", "since this morning"),
    "natt": ("god morgen", "god morgon", "good morning", "i morges", "i dag tidleg", "this morning", "siden lunsj",
             "sidan lunsj", "since lunch", "hele formiddagen", "heile formiddagen", "since this morning",
             "drop-in i morgen"),
}
# Shifts nobody would sign off from, or greet from, at that time of day.
_OFF_SHIFTS: dict[str, tuple[str, ...]] = {
    "morgen": ("kveldsvakta", "nattevakta", "evening shift", "night shift"),
    "dag": ("nattevakta", "night shift"),
    "kveld": ("dagvakta", "nattevakta", "day shift", "night shift"),
    "natt": ("dagvakta", "kveldsvakta", "day shift", "evening shift"),
}
_SIGNATURES = ("fra ", "frå ", "mvh ", "helsing ", "på ", "the ")
_NOT_IN_BUCKET: dict[str, tuple[str, ...]] = {
    b: _TIME_WORDS[b] + tuple(sig + shift for sig in _SIGNATURES for shift in _OFF_SHIFTS[b]) for b in _TIME_WORDS
}


def bucket_of_hour(hour: int) -> int:
    """Return the index in BUCKETS of an hour of the day."""
    return 0 if 6 <= hour < 12 else 1 if 12 <= hour < 17 else 2 if 17 <= hour < 23 else 3


@functools.cache
def timed_pool(lang: str, key: str, theme: str | int | None, bucket: int) -> tuple[str, ...]:
    """Return the pool without the variants that would read wrong at that time of day."""
    full = pool(lang, key, theme)
    bad = _NOT_IN_BUCKET[BUCKETS[bucket]]
    kept = tuple(x for x, low in zip(full, (x.lower() for x in full), strict=True) if not any(b in low for b in bad))
    return kept or full


def _cap(text: str) -> str:
    """Capitalise the first letter (slots may start a sentence)."""
    return text[:1].upper() + text[1:]


def expand(templates: Iterable[str], lang: str) -> tuple[str, ...]:
    """Expand `{slot}` markers into every combination of the language's slot values."""
    slots = SLOTS[lang]
    out: list[str] = []
    for tpl in templates:
        names = list(dict.fromkeys(_SLOT.findall(tpl)))
        if not names:
            out.append(tpl)
            continue
        for values in itertools.product(*(slots[n] for n in names)):
            out.append(_cap(tpl.format(**dict(zip(names, values, strict=True)))))
    return tuple(dict.fromkeys(out))


@functools.cache
def pool(lang: str, key: str, theme: str | int | None = None) -> tuple[str, ...]:
    """Return the expanded pool for a language and key (themed keys fall back to 'generelt', then bokmål)."""
    bank = BANKS[lang]
    if key not in bank:
        return pool("nb", key, theme)
    entry = bank[key]
    if isinstance(entry, dict):
        if theme in entry:
            return expand(entry[theme], lang)
        return expand(entry.get("generelt", ()), lang) or pool("nb", key, theme)
    return expand(entry, lang)
