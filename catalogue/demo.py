"""Demo data for the idea catalogue: 44 fictional ideas in the spirit of the seed (technology
labs, welfare technology, digital and innovative development methods). The ideas selected for a
project are those the demo projects grew from (``innovation/demo.py``).

``load()`` is called by ``manage.py load_demo`` inside its transaction, after the meetings demo
(the workshop groups of the innovation committee's 4th meeting are the origin of several
ideas). It is idempotent: an idea is found by its title and, when it already exists, left as it
is; a new idea is taken through its history with the same actions the application uses
(``catalogue.actions``), then dated to 2017–2018 like the rest of the demo.

Every idea and every person is fictional. Besides the demo users (``medarbejder`` submits
several ideas, among them a draft and one that needs clarification), four colleagues without a
login (unusable passwords) submit ideas.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pghistory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q

from catalogue import actions
from catalogue.models import (
    ActorType,
    Comment,
    Endorsement,
    Idea,
    IdeaLink,
    IdeaStatusChange,
    InternalNote,
    Principle,
    WelfareArea,
)
from innovation.shared import permissions
from meetings.models import MandateTask, WorkshopGroup

TZ = ZoneInfo("Europe/Copenhagen")
S = Idea.Status
DIS = {
    "D": Idea.Dimension.DIGITALISATION,
    "I": Idea.Dimension.INNOVATION,
    "S": Idea.Dimension.CO_CREATION,
}
SIZE = {"s": Idea.Size.SMALL, "m": Idea.Size.MEDIUM, "l": Idea.Size.LARGE}
SECRETARIAT_USERNAME = "sekretariat"

# username, first name, last name: colleagues who submit ideas but never log in to the demo.
COLLEAGUES = [
    ("lene.holm", "Lene", "Holm"),
    ("karim.aziz", "Karim", "Aziz"),
    ("birgitte.skov", "Birgitte", "Skov"),
    ("jonas.winther", "Jonas", "Winther"),
]
CONTACTS = {
    "medarbejder": "Mads Medarbejder, Tværgående Funktioner, medarbejder@example.org",
    "medlem": "Mette Udvalgsen, Opgaveudvalget om Innovation, medlem@example.org",
    "sekretariat": "Sofie Sekretær, sekretariatet for Opgaveudvalget om Innovation",
    "lene.holm": "Lene Holm, Hjemmeplejen Nord, lene.holm@example.org",
    "karim.aziz": "Karim Aziz, Jobcentret, karim.aziz@example.org",
    "birgitte.skov": "Birgitte Skov, Skole og Fritid, birgitte.skov@example.org",
    "jonas.winther": "Jonas Winther, By, Plan og Miljø, jonas.winther@example.org",
}

PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.UNDER_REVIEW: [S.SUBMITTED, S.UNDER_REVIEW],
    S.NEEDS_CLARIFICATION: [S.SUBMITTED, S.UNDER_REVIEW, S.NEEDS_CLARIFICATION],
    S.PUBLISHED: [S.SUBMITTED, S.UNDER_REVIEW, S.PUBLISHED],
    S.SELECTED: [S.SUBMITTED, S.UNDER_REVIEW, S.PUBLISHED, S.SELECTED],
    S.PARKED: [S.SUBMITTED, S.UNDER_REVIEW, S.PUBLISHED, S.PARKED],
    S.REJECTED: [S.SUBMITTED, S.UNDER_REVIEW, S.REJECTED],
}
ANSWERS = {
    S.UNDER_REVIEW: "Tak for ideen. Sekretariatet ser på den og vender tilbage inden for 14 dage.",
    S.PUBLISHED: "Ideen er nu offentliggjort i idékataloget. Del den gerne med dine kolleger.",
    S.SELECTED: "Udvalget har valgt ideen som en del af et af sine innovationsprojekter.",
    S.SUBMITTED: "",
}
RESUBMIT_ANSWER = "Jeg har uddybet beskrivelsen og tilføjet, hvem der er med."


@dataclass
class Spec:
    title: str
    summary: str
    description: str
    area: str
    actors: list[str]
    status: str
    by: str
    dis: str = ""
    value: str = ""
    effort: str = ""
    tags: list[str] = field(default_factory=list)
    principles: list[str] = field(default_factory=list)
    group: str = ""  # a workshop group of the innovation committee's 4th meeting
    task: int | None = None  # the order of a task of the innovation committee's mandate
    answer: str = ""  # the answer on the last step (clarification, reason, parking, selection)
    clarify: str = ""  # a round of clarification before the review
    revisit: datetime.date | None = None


IDEAS = [
    Spec(
        "Teknologilaboratorium på biblioteket",
        "Et åbent laboratorium på hovedbiblioteket, hvor borgere kan afprøve velfærdsteknologi, "
        "3D-printere og sensorer sammen med frivillige teknologiguider og lokale virksomheder.",
        "Biblioteket stiller et lokale og åbningstid til rådighed. Frivillige teknologiguider "
        "klædes på af lokale virksomheder, og kommunens medarbejdere bruger laboratoriet til at "
        "afprøve nye løsninger sammen med borgerne, før de bliver købt ind. Der er faste "
        "temaeftermiddage, fx om hjælpemidler i hjemmet, og drop-in for skoleklasser.",
        "kultur-og-fritid",
        ["borgere", "frivillige", "virksomheder", "medarbejdere-og-ledere"],
        S.SELECTED,
        "medarbejder",
        dis="DIS",
        value="l",
        effort="m",
        tags=["teknologilaboratorium", "biblioteker", "teknologiforståelse"],
        principles=["goer-det-nemt", "bygger-bro"],
        task=2,
        answer="Laboratoriet bliver udvalgets første innovationsprojekt med opstart i 2018.",
    ),
    Spec(
        "Velfærdsteknologi-værksted for pårørende",
        "Aftenværksteder hvor pårørende til ældre borgere lærer de hjælpemidler at kende, som "
        "deres nærmeste får bevilget, og selv kan komme med forslag til forbedringer.",
        "Mange pårørende er usikre på skærmbesøg, medicinhuskere og sensorer. På værkstederne "
        "viser terapeuter og leverandører teknologien, og de pårørende afprøver den selv. "
        "Forslagene samles op og bruges, når kommunen køber ind næste gang.",
        "aeldre",
        ["borgere", "frivillige", "medarbejdere-og-ledere"],
        S.PUBLISHED,
        "lene.holm",
        dis="IS",
        value="m",
        effort="s",
        tags=["velfærdsteknologi", "pårørende"],
        principles=["lytter-foerst", "goer-det-nemt"],
        task=3,
    ),
    Spec(
        "Digital vagtplan med frivillige",
        "En fælles digital vagtplan, hvor frivillige besøgsvenner og foreninger selv kan tage "
        "vagter på plejecentrene og se, hvem de skal besøge.",
        "I dag koordineres de frivillige på papir og telefon på hvert plejecenter. En fælles "
        "vagtplan skal gøre det let at tage en vagt, bytte den og få en påmindelse.",
        "aeldre",
        ["frivillige", "foreninger", "medarbejdere-og-ledere"],
        S.NEEDS_CLARIFICATION,
        "medarbejder",
        dis="DS",
        value="m",
        effort="m",
        tags=["frivillighed", "plejecentre"],
        principles=["goer-det-nemt"],
        answer="Hvilke plejecentre tænker du på, og har I talt med Frivilligcentret om, hvilket "
        "system de bruger i dag? Skriv også, hvem der skal vedligeholde vagtplanen.",
    ),
    Spec(
        "Borgerpanel om skolemad",
        "Et panel af elever, forældre og lokale fødevarevirksomheder giver råd om skolemaden, "
        "før den nye aftale skal i udbud.",
        "Panelet mødes tre gange, smager på forslag og besøger et produktionskøkken. Politikerne "
        "deltager i det sidste møde, hvor panelet fremlægger sine anbefalinger.",
        "boern-og-unge",
        ["borgere", "virksomheder", "politikere"],
        S.PUBLISHED,
        "medlem",
        dis="S",
        value="s",
        effort="s",
        tags=["borgerpanel", "skolemad"],
        principles=["lytter-foerst", "tydelig-ramme"],
        task=3,
    ),
    Spec(
        "Sensorer mod fald i eget hjem",
        "Et forsøg med diskrete sensorer i hjemmet hos ældre borgere, der har haft et fald, så "
        "hjemmeplejen og de pårørende får besked i tide.",
        "Workshopgruppen pegede på sensorer som en måde at forebygge fald på. Forsøget laves med "
        "20 borgere, der selv vælger, hvem der får besked, og evalueres sammen med dem.",
        "aeldre",
        ["borgere", "virksomheder", "medarbejdere-og-ledere"],
        S.SELECTED,
        SECRETARIAT_USERNAME,
        dis="DI",
        value="l",
        effort="l",
        tags=["velfærdsteknologi", "faldforebyggelse", "sensorer"],
        principles=["skaber-fremdrift", "tydelig-ramme"],
        group="Ældre og sundhed",
        task=2,
    ),
    Spec(
        "Skærmbesøg mod ensomhed",
        "Faste skærmbesøg mellem ældre borgere og frivillige fra foreningerne, som supplement "
        "til de fysiske besøg.",
        "Frivillige fra foreningerne ringer op på en tablet, som kommunen låner ud. Borgeren "
        "vælger selv tidspunktet, og hjemmeplejen hjælper med at komme i gang.",
        "aeldre",
        ["borgere", "frivillige", "foreninger"],
        S.SELECTED,
        SECRETARIAT_USERNAME,
        dis="DS",
        value="m",
        effort="s",
        tags=["ensomhed", "skærmbesøg", "frivillighed"],
        principles=["bygger-bro", "fastholder-virkelyst"],
        group="Ældre og sundhed",
        task=3,
    ),
    Spec(
        "Book en voksen",
        "En digital platform, hvor unge selv kan booke en samtale med en voksen fra "
        "ungdomsskolen, SSP eller sundhedsplejen.",
        "De unge i workshopgruppen ønskede at kunne række ud uden at skulle forklare sig for "
        "mange. Samtalen kan foregå på chat, video eller ved et møde.",
        "boern-og-unge",
        ["borgere", "medarbejdere-og-ledere"],
        S.UNDER_REVIEW,
        SECRETARIAT_USERNAME,
        dis="D",
        value="m",
        effort="m",
        tags=["trivsel", "unge"],
        principles=["lytter-foerst", "goer-det-nemt"],
        group="Børn og unge",
    ),
    Spec(
        "Teknologiforståelse i skolen med lokale virksomheder",
        "Lokale virksomheder, gymnasier og DTU underviser sammen med lærerne i "
        "teknologiforståelse på mellemtrinnet.",
        "Hver skole får en fast virksomhedspartner. Eleverne arbejder med en rigtig opgave fra "
        "virksomheden og præsenterer deres prototype på Teknologilaboratoriet.",
        "boern-og-unge",
        ["virksomheder", "medarbejdere-og-ledere", "andre"],
        S.PUBLISHED,
        SECRETARIAT_USERNAME,
        dis="IS",
        value="l",
        effort="m",
        tags=["teknologiforståelse", "folkeskolen"],
        principles=["bygger-bro"],
        group="Børn og unge",
        task=3,
    ),
    Spec(
        "Korte opgaver – app der matcher ledige med virksomheder",
        "En app, der matcher ledige med virksomheders korte opgaver, hvor borgeren selv ejer "
        "sine data og bestemmer, hvem der ser dem.",
        "Workshopgruppen understregede, at borgeren skal eje sine data. Appen skal kunne bruges "
        "af både ledige og virksomheder uden hjælp fra jobcentret.",
        "beskaeftigelse",
        ["borgere", "virksomheder"],
        S.SELECTED,
        SECRETARIAT_USERNAME,
        dis="DI",
        value="l",
        effort="l",
        tags=["jobmatch", "data"],
        principles=["goer-det-nemt"],
        group="Beskæftigelse",
        answer="Ideen indgår i innovationsprojektet Unge i job gennem samskabelse, hvor "
        "databeskyttelsen og reglerne for ydelser afklares undervejs.",
    ),
    Spec(
        "Fælles digital booking af kommunens lokaler",
        "Foreninger og borgere booker skoler, haller og mødelokaler i én fælles digital "
        "løsning, der viser, hvad der er ledigt.",
        "I dag har hver institution sin egen kalender. En fælles booking gør det nemmere for "
        "foreningerne og udnytter lokalerne bedre om aftenen og i weekenden.",
        "kultur-og-fritid",
        ["foreninger", "borgere", "medarbejdere-og-ledere"],
        S.SELECTED,
        SECRETARIAT_USERNAME,
        dis="D",
        value="m",
        effort="m",
        tags=["booking", "foreninger", "lokaler"],
        principles=["goer-det-nemt"],
        group="Kultur, fritid og foreninger",
        task=2,
    ),
    Spec(
        "Frivilligbørs for foreningernes opgaver",
        "En oversigt over frivillige opgaver, som foreningerne selv vedligeholder, så nye "
        "frivillige kan finde en opgave, der passer til dem.",
        "Oversigten skal også vise korte, enkeltstående opgaver for borgere, der ikke vil binde "
        "sig. Frivilligcentret hjælper foreningerne i gang.",
        "kultur-og-fritid",
        ["foreninger", "frivillige"],
        S.SELECTED,
        SECRETARIAT_USERNAME,
        dis="DS",
        value="m",
        effort="s",
        tags=["frivillighed", "foreninger"],
        principles=["fastholder-virkelyst", "goer-det-nemt"],
        group="Kultur, fritid og foreninger",
    ),
    Spec(
        "Faste beslutningspunkter for forsøg i udvalgene",
        "Politikerne sætter retning og rammer for et forsøg og beslutter på faste punkter, om "
        "det skal fortsætte, justeres, parkeres eller stoppes.",
        "Politikergruppen ønskede at få forslag til afprøvning tidligt og at acceptere, at "
        "nogle forsøg ikke lykkes. Beslutningspunkterne indgår i modellen for politisk "
        "forankring.",
        "administration",
        ["politikere", "medarbejdere-og-ledere"],
        S.PUBLISHED,
        SECRETARIAT_USERNAME,
        dis="I",
        value="m",
        effort="s",
        tags=["politisk forankring", "DIS-modellen"],
        principles=["tydelig-ramme", "skaber-fremdrift"],
        group="Politikergruppen",
        task=1,
    ),
    Spec(
        "Besøgsven-app testet med fem borgere",
        "En enkel app, der kobler besøgsvenner og ældre borgere; papirprototypen testes med fem "
        "borgere før næste udvalgsmøde.",
        "Gruppen brugte hurtige prototyper på udfordringen ensomhed blandt ældre. Næste skridt "
        "er en klikbar prototype og en test på et plejecenter.",
        "aeldre",
        ["frivillige", "borgere", "medarbejdere-og-ledere"],
        S.UNDER_REVIEW,
        SECRETARIAT_USERNAME,
        dis="DIS",
        value="m",
        effort="m",
        tags=["prototyper", "ensomhed"],
        principles=["lytter-foerst", "skaber-fremdrift"],
        group="Metoder i praksis",
    ),
    Spec(
        "Besøgsvenner via video",
        "Frivillige besøgsvenner kan også besøge ældre borgere over video, når de ikke kan "
        "komme forbi.",
        "Ideen kom fra en medarbejder i hjemmeplejen, der oplever, at mange besøg bliver aflyst "
        "om vinteren.",
        "aeldre",
        ["frivillige", "borgere"],
        S.PUBLISHED,
        "lene.holm",
        dis="DS",
        value="s",
        effort="s",
        tags=["ensomhed", "skærmbesøg"],
        principles=["bygger-bro"],
    ),
    Spec(
        "Hackathon om tilgængelige hjemmesider",
        "Borgere med handicap, Handicaprådet og lokale webbureauer finder og retter sammen "
        "barrierer på kommunens hjemmesider på én weekend.",
        "Resultaterne bruges i kommunens krav til leverandører. Borgerne får betaling for deres "
        "tid som testere.",
        "handicap",
        ["borgere", "virksomheder", "foreninger"],
        S.PUBLISHED,
        "jonas.winther",
        dis="DS",
        value="m",
        effort="s",
        tags=["tilgængelighed", "hackathon"],
        principles=["lytter-foerst", "skaber-fremdrift"],
    ),
    Spec(
        "Robotstøvsugere i hjemmeplejen",
        "Et forsøg med robotstøvsugere hos borgere, der får hjælp til rengøring.",
        "Hjemmeplejen kan bruge tiden på andre opgaver, og borgeren får gjort rent oftere.",
        "aeldre",
        ["virksomheder", "medarbejdere-og-ledere"],
        S.REJECTED,
        "medarbejder",
        dis="D",
        value="s",
        effort="s",
        tags=["velfærdsteknologi", "rengøring"],
        answer="Robotstøvsugere er allerede en del af kommunens hjælpemidler, så der er ikke "
        "brug for et særskilt forsøg. Tak for forslaget – vi har sendt det videre til "
        "Hjælpemiddelcentret.",
    ),
    Spec(
        "Fælles indkøb af ladestandere med grundejerforeninger",
        "Kommunen hjælper grundejerforeninger med et fælles udbud af ladestandere til elbiler "
        "på private fællesarealer.",
        "Et fælles udbud giver lavere priser og ens løsninger. Kommunen stiller skabeloner og "
        "rådgivning til rådighed, foreningerne står selv for aftalen.",
        "klima-og-by",
        ["borgere", "foreninger", "virksomheder"],
        S.PARKED,
        "jonas.winther",
        dis="IS",
        value="m",
        effort="m",
        tags=["klima", "elbiler"],
        principles=["bygger-bro"],
        answer="Vi afventer den nationale afklaring af reglerne for ladestandere på private "
        "fællesarealer.",
        revisit=datetime.date(2018, 6, 1),
    ),
    Spec(
        "Klimaborgerting for unge",
        "Tredive unge mellem 15 og 25 år giver kommunalbestyrelsen konkrete forslag til "
        "klimaplanen.",
        "Borgertinget mødes fire lørdage, hører eksperter og skriver selv sine anbefalinger.",
        "klima-og-by",
        ["borgere", "politikere"],
        S.SUBMITTED,
        "birgitte.skov",
        dis="S",
        value="m",
        effort="m",
        tags=["klima", "borgerting", "unge"],
        principles=["lytter-foerst", "tydelig-ramme"],
    ),
    Spec(
        "Digital indberetning af huller i vejen med foto",
        "Borgere melder huller i vejen, væltede skilte og affald med et foto og en placering "
        "fra mobilen og kan følge sagen.",
        "Meldingen lander direkte hos vejmedarbejderne, der kan svare borgeren og lukke sagen, "
        "når skaden er udbedret.",
        "klima-og-by",
        ["borgere", "medarbejdere-og-ledere"],
        S.PUBLISHED,
        "jonas.winther",
        dis="D",
        value="m",
        effort="s",
        tags=["selvbetjening", "veje"],
        principles=["goer-det-nemt"],
    ),
    Spec(
        "Sundhedstjek på arbejdspladsen i samarbejde med virksomheder",
        "Sundhedscentret tilbyder korte sundhedstjek på lokale arbejdspladser med mange "
        "medarbejdere, der sjældent går til læge.",
        "Virksomhederne stiller lokaler og tid til rådighed, kommunen stiller personale. "
        "Tilbuddet rettes især mod mænd i håndværksfag.",
        "sundhed",
        ["virksomheder", "medarbejdere-og-ledere"],
        S.UNDER_REVIEW,
        "medarbejder",
        dis="S",
        value="m",
        effort="m",
        tags=["forebyggelse", "arbejdspladser"],
        principles=["bygger-bro"],
    ),
    Spec(
        "Motionsvenner for borgere med kronisk sygdom",
        "Frivillige motionsvenner fra idrætsforeningerne følger borgere med kronisk sygdom fra "
        "genoptræningen over i foreningslivet.",
        "Overgangen fra kommunens hold til en forening er svær. En motionsven går med de første "
        "gange og hjælper borgeren med at finde et hold.",
        "sundhed",
        ["frivillige", "foreninger", "borgere"],
        S.PUBLISHED,
        "lene.holm",
        dis="S",
        value="m",
        effort="s",
        tags=["frivillighed", "kronisk sygdom", "idræt"],
        principles=["bygger-bro", "fastholder-virkelyst"],
        clarify="Hvilke foreninger har sagt ja til at være med, og hvem uddanner motionsvennerne?",
    ),
    Spec(
        "Videokonsultation med sygeplejersken",
        "Borgere med sår eller kronisk sygdom kan få en del af kontrolbesøgene som "
        "videokonsultation med sygeplejersken.",
        "Sygeplejersken ser såret over video, borgeren slipper for ventetid, og de fysiske "
        "besøg bruges, hvor de gør mest gavn.",
        "sundhed",
        ["borgere", "medarbejdere-og-ledere"],
        S.SELECTED,
        "lene.holm",
        dis="D",
        value="l",
        effort="m",
        tags=["telemedicin", "sygepleje"],
        principles=["goer-det-nemt"],
        task=2,
    ),
    Spec(
        "Medicindispenser i hjemmet",
        "En automatisk medicindispenser hos borgere, der selv kan tage deres medicin, men "
        "glemmer det.",
        "Dispenseren giver besked til hjemmeplejen, hvis medicinen ikke bliver taget. Apoteket "
        "fylder dispenseren.",
        "sundhed",
        ["virksomheder", "borgere"],
        S.PARKED,
        "lene.holm",
        dis="DI",
        value="m",
        effort="m",
        tags=["velfærdsteknologi", "medicin"],
        principles=["goer-det-nemt"],
        answer="Regionen gennemfører et forsøg med dispensere i 2018. Vi ser på resultaterne, "
        "før vi går videre.",
        revisit=datetime.date(2019, 1, 15),
    ),
    Spec(
        "Unge-mentorer fra erhvervslivet",
        "Medarbejdere fra lokale virksomheder bliver mentorer for unge uden uddannelse eller job.",
        "Mentoren mødes med den unge hver anden uge i et halvt år og åbner døren til "
        "praktikpladser og netværk.",
        "beskaeftigelse",
        ["virksomheder", "borgere", "frivillige"],
        S.SELECTED,
        "karim.aziz",
        dis="S",
        value="m",
        effort="s",
        tags=["mentorer", "unge"],
        principles=["bygger-bro", "fastholder-virkelyst"],
    ),
    Spec(
        "Virksomhedspraktik for borgere med handicap",
        "Et netværk af virksomheder, der tager imod borgere med handicap i praktik og deler "
        "erfaringer med hinanden.",
        "Jobcentret og handicaporganisationerne klæder virksomhederne på, og borgerne er med "
        "til at beskrive, hvad der virker.",
        "handicap",
        ["virksomheder", "borgere", "medarbejdere-og-ledere"],
        S.SUBMITTED,
        "karim.aziz",
        dis="S",
        value="m",
        effort="m",
        tags=["praktik", "inklusion"],
        principles=["lytter-foerst"],
    ),
    Spec(
        "Tegnsprogstolk via video i borgerservice",
        "Døve borgere kan få en tegnsprogstolk på video, når de henvender sig i borgerservice.",
        "Tolken kobles på en skærm ved skranken, så borgeren ikke skal bestille tolk på forhånd.",
        "handicap",
        ["borgere", "medarbejdere-og-ledere"],
        S.NEEDS_CLARIFICATION,
        "karim.aziz",
        dis="D",
        value="s",
        effort="s",
        tags=["tilgængelighed", "borgerservice"],
        principles=["goer-det-nemt"],
        answer="Har du undersøgt, om den nationale videotolketjeneste kan bruges i borgerservice? "
        "Skriv, hvad ideen tilføjer ud over den.",
    ),
    Spec(
        "Fælles prototypeværksted for medarbejdere",
        "Et værksted, hvor medarbejdere fra alle fagområder kan lave hurtige prototyper og "
        "teste dem med borgere på en formiddag.",
        "Værkstedet har materialer, en facilitator og faste tider. Det bygger på erfaringerne "
        "fra konferencen Teknologilaboratorium.",
        "administration",
        ["medarbejdere-og-ledere"],
        S.PUBLISHED,
        "medarbejder",
        dis="I",
        value="m",
        effort="s",
        tags=["prototyper", "innovationsmetoder"],
        principles=["fastholder-virkelyst", "skaber-fremdrift"],
    ),
    Spec(
        "Innovationspulje med hurtig sagsbehandling",
        "En lille pulje, hvor medarbejdere kan søge op til 50.000 kr. til et forsøg og få svar "
        "inden for to uger.",
        "Ansøgningen fylder én side. Innovationschefen beslutter, og udvalget får en samlet "
        "status hvert kvartal.",
        "administration",
        ["medarbejdere-og-ledere", "politikere"],
        S.UNDER_REVIEW,
        "birgitte.skov",
        dis="I",
        value="m",
        effort="s",
        tags=["finansiering", "innovationsmetoder"],
        principles=["tydelig-ramme", "skaber-fremdrift"],
    ),
    Spec(
        "Chatbot om affaldssortering",
        "En chatbot på kommunens hjemmeside, der svarer på, hvilken spand affaldet skal i.",
        "Chatbotten lærer af de spørgsmål, borgerne stiller, og henviser til genbrugsstationen.",
        "klima-og-by",
        ["borgere", "virksomheder"],
        S.REJECTED,
        "jonas.winther",
        dis="D",
        value="s",
        effort="m",
        tags=["affald", "selvbetjening"],
        answer="Forsyningen er allerede i gang med en ny digital affaldsguide, så vi afviser "
        "ideen her for ikke at lave dobbeltarbejde. Kontakt gerne Forsyningen, hvis du vil "
        "være testbruger.",
    ),
    Spec(
        "Lektiecafé med pensionerede ingeniører",
        "Pensionerede ingeniører og naturfagslærere hjælper elever i udskolingen med matematik "
        "og fysik i bibliotekernes lektiecaféer.",
        "Seniorerne organiseres af en forening og mødes med lærerne en gang om måneden.",
        "boern-og-unge",
        ["frivillige", "foreninger", "borgere"],
        S.PUBLISHED,
        "birgitte.skov",
        dis="S",
        value="m",
        effort="s",
        tags=["lektiehjælp", "frivillighed", "biblioteker"],
        principles=["bygger-bro", "fastholder-virkelyst"],
    ),
    Spec(
        "Dataetisk råd for kommunens brug af data",
        "Et råd af borgere og forskere giver råd, før kommunen tager nye dataløsninger i brug.",
        "Rådet ser på formål, gennemsigtighed og borgernes mulighed for at sige fra og "
        "offentliggør sine udtalelser.",
        "administration",
        ["borgere", "politikere", "andre"],
        S.SUBMITTED,
        "medlem",
        dis="DI",
        value="m",
        effort="m",
        tags=["data", "etik"],
        principles=["lytter-foerst", "tydelig-ramme"],
    ),
    Spec(
        "Digital post – hjælp fra frivillige seniorer",
        "Frivillige seniorer fra foreningerne hjælper andre ældre med digital post og "
        "selvbetjening på bibliotekerne.",
        "Ideen bygger videre på samarbejdet med foreningerne om digital hjælp til seniorer. De "
        "frivillige får et kursus og et fast kontaktpunkt i borgerservice.",
        "aeldre",
        ["frivillige", "foreninger", "borgere"],
        S.SELECTED,
        "medarbejder",
        dis="DS",
        value="m",
        effort="s",
        tags=["digital inklusion", "frivillighed", "biblioteker"],
        principles=["bygger-bro", "goer-det-nemt"],
        task=3,
    ),
    Spec(
        "Grønne skolegårde bygget med forældre",
        "Forældre, elever og lokale håndværkere omdanner asfalt i skolegårdene til grønne "
        "områder med regnvandsbede.",
        "Kommunen leverer materialer og rådgivning, forældrene arbejder på fælles arbejdsdage.",
        "klima-og-by",
        ["borgere", "foreninger", "virksomheder"],
        S.DRAFT,
        "birgitte.skov",
        dis="S",
        tags=["klima", "skolegårde"],
    ),
    Spec(
        "Medarbejderambassadører for velfærdsteknologi",
        "En medarbejder på hver arbejdsplads bliver ambassadør for velfærdsteknologi og hjælper "
        "kollegerne i gang.",
        "Udkast: ambassadørerne mødes hver måned, og de får tid til opgaven.",
        "aeldre",
        ["medarbejdere-og-ledere"],
        S.DRAFT,
        "medarbejder",
        dis="I",
        tags=["velfærdsteknologi"],
    ),
    Spec(
        "Madlavningshold for enlige mænd",
        "Madlavningshold på skolernes skolekøkkener om aftenen for enlige ældre mænd, drevet af "
        "frivillige.",
        "Holdene giver både bedre kost og nye fællesskaber. Foreningerne står for holdene, "
        "kommunen for lokalerne.",
        "sundhed",
        ["frivillige", "foreninger", "borgere"],
        S.PUBLISHED,
        "lene.holm",
        dis="S",
        value="s",
        effort="s",
        tags=["ensomhed", "kost"],
        principles=["fastholder-virkelyst"],
    ),
    Spec(
        "Demensvenlige idrætsforeninger",
        "Idrætsforeningerne åbner deres hold for borgere med demens og deres pårørende med "
        "hjælp fra demenskoordinatorerne.",
        "Trænerne får et kort kursus, og foreningerne får et mærke, der viser, at de er "
        "demensvenlige.",
        "kultur-og-fritid",
        ["foreninger", "frivillige", "medarbejdere-og-ledere"],
        S.PUBLISHED,
        "lene.holm",
        dis="S",
        value="m",
        effort="s",
        tags=["demens", "idræt"],
        principles=["bygger-bro", "lytter-foerst"],
    ),
    Spec(
        "Mobil borgerservice i lokalområderne",
        "En bus med borgerservice, der kører rundt i lokalområderne en dag om ugen.",
        "Bussen hjælper med pas, kørekort og digital post tæt på borgerne.",
        "administration",
        ["borgere", "medarbejdere-og-ledere"],
        S.REJECTED,
        "karim.aziz",
        dis="D",
        value="s",
        effort="l",
        tags=["borgerservice"],
        answer="Vi har vurderet ideen sammen med Borgerservice: udgiften står ikke mål med "
        "antallet af henvendelser, og de fleste kan i dag få hjælp på bibliotekerne. Den "
        "digitale hjælp på bibliotekerne styrkes i stedet.",
    ),
    Spec(
        "Jobcafé for nyankomne med lokale virksomheder",
        "En ugentlig jobcafé, hvor nyankomne borgere møder virksomheder og frivillige, der "
        "hjælper med CV og netværk.",
        "Caféen holdes skiftevis på biblioteket og hos virksomhederne.",
        "beskaeftigelse",
        ["virksomheder", "foreninger", "frivillige"],
        S.UNDER_REVIEW,
        "karim.aziz",
        dis="S",
        value="m",
        effort="s",
        tags=["integration", "job"],
        principles=["bygger-bro"],
    ),
    Spec(
        "Fælles sprog for samskabelse – kursus for ledere og politikere",
        "Et kort forløb, hvor ledere og politikere sammen lærer at sætte rammer for "
        "samskabelse med borgere og foreninger.",
        "Forløbet bruger kommunens egne eksempler og principperne for samskabelse.",
        "administration",
        ["medarbejdere-og-ledere", "politikere"],
        S.PUBLISHED,
        "medlem",
        dis="IS",
        value="m",
        effort="s",
        tags=["samskabelse", "ledelse"],
        principles=["tydelig-ramme", "lytter-foerst"],
        task=1,
    ),
    Spec(
        "Åbne data om legepladser og stier",
        "Kommunen udgiver data om legepladser, stier og toiletter, så borgere og virksomheder "
        "kan bygge tjenester på dem.",
        "Data udgives i et fast format og opdateres af vejmedarbejderne. En konkurrence for "
        "studerende sætter gang i de første tjenester.",
        "klima-og-by",
        ["borgere", "virksomheder", "andre"],
        S.SUBMITTED,
        "jonas.winther",
        dis="DI",
        value="s",
        effort="s",
        tags=["åbne data", "data"],
        principles=["goer-det-nemt"],
    ),
    Spec(
        "Ungeråd med egen pulje",
        "Et ungeråd får en pulje, som de unge selv fordeler til projekter for og med unge.",
        "Rådet vælges på skolerne og i ungdomsskolen og mødes med politikerne to gange om året.",
        "boern-og-unge",
        ["borgere", "politikere"],
        S.PARKED,
        "birgitte.skov",
        dis="S",
        value="m",
        effort="m",
        tags=["unge", "demokrati"],
        principles=["lytter-foerst", "tydelig-ramme"],
        answer="Ideen tages op igen ved budgetforhandlingerne, når puljens størrelse kan "
        "fastlægges.",
        revisit=datetime.date(2018, 8, 15),
    ),
    Spec(
        "Hjælpemidler til udlån via biblioteket",
        "Borgere kan låne små hjælpemidler og velfærdsteknologi på biblioteket og prøve dem "
        "derhjemme, før de søger.",
        "Udlånet knyttes til Teknologilaboratoriet, og frivillige viser, hvordan hjælpemidlerne "
        "bruges.",
        "handicap",
        ["borgere", "medarbejdere-og-ledere", "frivillige"],
        S.SELECTED,
        "lene.holm",
        dis="DS",
        value="m",
        effort="s",
        tags=["hjælpemidler", "biblioteker", "velfærdsteknologi"],
        principles=["goer-det-nemt"],
    ),
    Spec(
        "Udstilling af velfærdsteknologi på rådhuset",
        "En fast udstilling af velfærdsteknologi i rådhusets forhal.",
        "Udstillingen skal vise borgerne, hvilke løsninger kommunen bruger.",
        "aeldre",
        ["borgere", "virksomheder"],
        S.REJECTED,
        "medarbejder",
        dis="D",
        value="s",
        effort="m",
        tags=["velfærdsteknologi"],
        answer="Ideen er erstattet af Teknologilaboratoriet på biblioteket, hvor borgerne selv kan "
        "afprøve teknologien. Vi har koblet de to ideer.",
    ),
    Spec(
        "Netværk for forældre til børn med handicap",
        "Et online netværk, hvor forældre til børn med handicap kan dele erfaringer og få svar "
        "fra kommunens rådgivere.",
        "Netværket drives sammen med forældreforeningerne og har faste spørgetimer med rådgiverne.",
        "handicap",
        ["borgere", "foreninger"],
        S.NEEDS_CLARIFICATION,
        "birgitte.skov",
        dis="DS",
        value="m",
        effort="s",
        tags=["pårørende", "netværk"],
        principles=["lytter-foerst"],
        answer="Hvem skal moderere netværket, og hvordan sikrer vi, at der ikke deles "
        "personoplysninger om børnene?",
    ),
]

# from idea, kind, to idea
LINKS = [
    ("Besøgsvenner via video", "duplicate_of", "Skærmbesøg mod ensomhed"),
    ("Hjælpemidler til udlån via biblioteket", "part_of", "Teknologilaboratorium på biblioteket"),
    (
        "Teknologilaboratorium på biblioteket",
        "supersedes",
        "Udstilling af velfærdsteknologi på rådhuset",
    ),  # noqa: E501
    (
        "Frivilligbørs for foreningernes opgaver",
        "related",
        "Fælles digital booking af kommunens lokaler",
    ),  # noqa: E501
    ("Besøgsven-app testet med fem borgere", "related", "Skærmbesøg mod ensomhed"),
    (
        "Digital post – hjælp fra frivillige seniorer",
        "related",
        "Teknologilaboratorium på biblioteket",
    ),  # noqa: E501
]

# idea: [(username, text, index of the comment replied to or None)]
COMMENTS = {
    "Teknologilaboratorium på biblioteket": [
        ("medlem", "Kan laboratoriet også have åbent om aftenen, så pårørende kan komme?", None),
        ("sekretariat", "Ja, forsøget har åbent to aftener om ugen.", 0),
        (
            "lene.holm",
            "Hjemmeplejen vil gerne bruge laboratoriet til at vise nye hjælpemidler.",
            None,
        ),  # noqa: E501
    ],
    "Skærmbesøg mod ensomhed": [
        ("medarbejder", "Vi har gode erfaringer med skærmbesøg fra genoptræningen.", None),
        ("medlem", "Hvordan hjælper vi dem, der aldrig har brugt en tablet?", None),
        ("lene.holm", "Hjemmeplejen kan tage tabletten med på det første besøg.", 1),
    ],
    "Borgerpanel om skolemad": [
        ("birgitte.skov", "Husk også eleverne fra specialklasserne i panelet.", None),
    ],
    "Fælles digital booking af kommunens lokaler": [
        ("karim.aziz", "Kan jobcentrets mødelokaler komme med?", None),
        ("sekretariat", "Det undersøger vi i projektets første fase.", 0),
    ],
    "Digital post – hjælp fra frivillige seniorer": [
        ("medlem", "Seniornetværket står klar til at hjælpe.", None),
    ],
    "Korte opgaver – app der matcher ledige med virksomheder": [
        ("medarbejder", "Virksomhederne i erhvervsnetværket har spurgt efter netop det her.", None),  # noqa: E501
    ],
    "Hackathon om tilgængelige hjemmesider": [
        ("lene.holm", "Godt initiativ – husk også selvbetjeningsløsningerne.", None),
    ],
}

# idea: internal notes by the secretariat
NOTES = {
    "Teknologilaboratorium på biblioteket": [
        "Bibliotekschefen er positiv; lokalet kan være klar efter sommerferien.",
    ],
    "Korte opgaver – app der matcher ledige med virksomheder": [
        "Juridisk afklaring bestilt hos Jura. Tal med jobcentret om ydelsesreglerne.",
    ],
    "Digital vagtplan med frivillige": [
        "Frivilligcentret bruger et system i dag – undersøg licens, før vi svarer.",
    ],
    "Innovationspulje med hurtig sagsbehandling": [
        "Afventer økonomiafdelingens bud på puljens størrelse.",
    ],
}

SUPPORTERS = ["medlem", "medarbejder", SECRETARIAT_USERNAME, *[c[0] for c in COLLEAGUES]]


def _users() -> dict:
    User = get_user_model()
    staff = Group.objects.get(name=permissions.STAFF)
    for username, first_name, last_name in COLLEAGUES:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(staff)
    usernames = [*CONTACTS]
    return {user.username: user for user in User.objects.filter(username__in=usernames)}


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def _workshop_groups() -> dict[str, WorkshopGroup]:
    groups = WorkshopGroup.objects.filter(meeting__committee__slug="innovation", meeting__number=4)
    return {group.name: group for group in groups}


def _tasks() -> dict[int, MandateTask]:
    tasks = MandateTask.objects.filter(committee__slug="innovation")
    return {task.order: task for task in tasks}


def _fields(spec: Spec, tasks) -> dict:
    return {
        "title": spec.title,
        "summary": spec.summary,
        "description": spec.description,
        "welfare_area": WelfareArea.objects.get(slug=spec.area),
        "dis_dimensions": [DIS[letter] for letter in spec.dis],
        "expected_value": SIZE.get(spec.value, ""),
        "effort": SIZE.get(spec.effort, ""),
        "contact": CONTACTS[spec.by],
        "mandate_task": tasks.get(spec.task) if spec.task else None,
    }


def _as(user):
    """Who the history names for what follows (the system, for ``None``). One context at a
    time: a context entered inside another one would rename the outer one's events."""
    return pghistory.context(user=user.pk if user else None, command="load_demo")


def _create(spec: Spec, users, groups, tasks) -> Idea:
    fields = _fields(spec, tasks)
    if spec.group:
        [idea] = actions.capture_workshop_results(
            group=groups[spec.group],
            ideas=[
                {
                    **fields,
                    "actor_types": spec.actors,
                    "principles": spec.principles,
                    "tags": spec.tags,
                }
            ],
            by=users[spec.by],
        )
        return idea
    idea = Idea.objects.create(**fields, submitted_by=users[spec.by])
    idea.actor_types.set(ActorType.objects.filter(slug__in=spec.actors))
    idea.principles.set(Principle.objects.filter(slug__in=spec.principles))
    idea.tags.set(spec.tags)
    return idea


def _steps(spec: Spec) -> list[tuple[str, str]]:
    """The (status, answer) steps that take a new idea to its demo status."""
    path = list(PATHS[spec.status])
    if spec.group:
        path = path[1:]  # captured ideas start as submitted
    if spec.clarify:
        path[1:1] = [S.NEEDS_CLARIFICATION, S.SUBMITTED]
    steps = []
    for index, status in enumerate(path):
        last = index == len(path) - 1
        if status == S.NEEDS_CLARIFICATION:
            answer = spec.answer if last else spec.clarify
        elif status == S.SUBMITTED and index > 0:
            answer = RESUBMIT_ANSWER
        elif last and spec.answer:
            answer = spec.answer
        else:
            answer = ANSWERS.get(status, "")
        steps.append((status, answer))
    return steps


def _take_through(idea: Idea, spec: Spec, users, start: datetime.date) -> None:
    secretariat = users[SECRETARIAT_USERNAME]
    for status, answer in _steps(spec):
        by = idea.submitted_by if status == S.SUBMITTED else secretariat
        with _as(by):
            actions.change_status(
                idea=idea,
                to_status=status,
                by=by,
                answer=answer,
                revisit_on=spec.revisit if status == S.PARKED else None,
            )
    # Date the history like the rest of the demo: a step every few days from ``start``.
    with _as(None):
        when = _at(start)
        Idea.objects.filter(pk=idea.pk).update(created_at=when)
        for step, change in enumerate(idea.history.order_by("at", "pk")):
            when = _at(start + datetime.timedelta(days=4 * step + (step > 0)), 10 + step % 5)
            IdeaStatusChange.objects.filter(pk=change.pk).update(at=when)
        Idea.objects.filter(pk=idea.pk).update(status_changed_at=when)


def _take_part(idea: Idea, spec: Spec, users, number: int) -> None:
    if idea.status not in (S.PUBLISHED, S.SELECTED, S.PARKED):
        return
    published = idea.history.filter(to_status=S.PUBLISHED).values_list("at", flat=True).first()
    when = published or idea.status_changed_at
    supporters = [name for name in SUPPORTERS if name != spec.by]
    for offset in range(number % len(supporters) + 1):
        user = users[supporters[(number + offset) % len(supporters)]]
        endorsement = actions.endorse(idea=idea, user=user)
        Endorsement.objects.filter(pk=endorsement.pk).update(
            created_at=when + datetime.timedelta(hours=6 * (offset + 1))
        )
    written = []
    for index, (username, text, reply_to) in enumerate(COMMENTS.get(spec.title, [])):
        parent = written[reply_to] if reply_to is not None else None
        remark = actions.comment(idea=idea, author=users[username], text=text, parent=parent)
        Comment.objects.filter(pk=remark.pk).update(
            created_at=when + datetime.timedelta(days=index + 1)
        )
        written.append(remark)


def load() -> dict[str, int]:
    """Create the ideas that do not exist yet; returns the number of rows per model."""
    users = _users()
    groups = _workshop_groups()
    tasks = _tasks()
    secretariat = users[SECRETARIAT_USERNAME]
    start = datetime.date(2017, 3, 20)
    for number, spec in enumerate(IDEAS):
        if Idea.objects.filter(title=spec.title).exists():
            continue
        with _as(users[spec.by]):
            idea = _create(spec, users, groups, tasks)
        day = datetime.date(2017, 9, 26) if spec.group else start + datetime.timedelta(number * 9)
        _take_through(idea, spec, users, day)
        with _as(None):
            _take_part(idea, spec, users, number)
            for text in NOTES.get(spec.title, []):
                note = actions.add_internal_note(idea=idea, author=secretariat, text=text)
                InternalNote.objects.filter(pk=note.pk).update(
                    created_at=_at(day + datetime.timedelta(days=2))
                )
    ideas = {idea.title: idea for idea in Idea.objects.filter(title__in=[s.title for s in IDEAS])}
    for source, kind, target in LINKS:
        a, b = ideas[source], ideas[target]
        pair = Q(from_idea=a, to_idea=b) | Q(from_idea=b, to_idea=a)
        if IdeaLink.objects.filter(pair).exists():
            continue
        actions.link_ideas(
            from_idea=ideas[source], to_idea=ideas[target], kind=kind, by=secretariat
        )
    return counts()


MODELS = [
    Idea,
    Idea.actor_types.through,
    Idea.principles.through,
    IdeaStatusChange,
    InternalNote,
    IdeaLink,
    Endorsement,
    Comment,
]


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}
