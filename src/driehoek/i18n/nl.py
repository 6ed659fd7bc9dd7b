"""Nederlands: de standaardtaal van driehoek."""

MESSAGES: dict[str, str] = {
    # The app
    "app.title": "driehoek",
    "app.subtitle": "het driehoeksgesprek: student, werkplek en school",
    # Parties and their roles
    "party.student": "student",
    "party.workplace": "werkplek",
    "party.school": "school",
    "role.student": "student",
    "role.workplace": "werkbegeleider",
    "role.school": "stagebegeleider",
    "pathway.BOL": "BOL",
    "pathway.BBL": "BBL",
    "kind.intake": "startgesprek",
    "kind.evaluation": "kwartaalevaluatie",
    "placement_status.planned": "gepland",
    "placement_status.running": "loopt",
    "placement_status.completed": "afgerond",
    "placement_status.ended_early": "vroeg gestopt",
    "placement_status.not_started": "niet gestart",
    # The six factors (Blokhuis, 2004)
    "factor.involvement": "Betrokkenheid en invloed",
    "factor.experiment": "Ruimte om te experimenteren",
    "factor.support": "Steun, feedback en reflectie",
    "factor.variation": "Variatie",
    "factor.autonomy": "Taakautonomie",
    "factor.information": "Taakinformatie",
    "question.involvement": (
        "Is de student actief betrokken bij de activiteiten van het team, "
        "en kan zij daar invloed op uitoefenen?"
    ),
    "question.experiment": (
        "Mag zij de theorie van school toepassen, dingen uitproberen "
        "en daar met collega's op reflecteren?"
    ),
    "question.support": (
        "Steunen collega's elkaar, geven zij regelmatig feedback "
        "en reflecteren zij samen op hun werk?"
    ),
    "question.variation": (
        "Is er variatie in taken en in manieren van uitvoeren, bijvoorbeeld "
        "verschillende methodieken uitproberen en hun effect onderzoeken?"
    ),
    "question.autonomy": "In hoeverre kan zij zelf bepalen hoe zij een activiteit uitvoert?",
    "question.information": (
        "Is duidelijk hoe de stage georganiseerd is, wat er van haar verwacht wordt "
        "en met welke criteria succes beoordeeld wordt?"
    ),
    # The workplace: the article's pressures, room to make mistakes, agreements from a factor
    "pressure.workload": "werkdruk",
    "pressure.budget_cuts": "bezuinigingen",
    "pressure.staff_turnover": "personeelsverloop",
    "pressure.aggressive_clients": "agressieve cliënten",
    "pressure.sick_leave": "ziekteverzuim",
    "field.pressures": "Druk op de werkplek",
    "question.pressures": (
        "Waar kampt de werkplek mee? Het maakt de factoren lastiger; leren kan nog steeds "
        "als jullie het samen benoemen."
    ),
    "field.pressures_note": "Toelichting op de druk",
    "field.pressures_named": "{count} van {total} genoemd",
    "field.room_for_mistakes": "Ruimte voor fouten",
    "field.at_factor": "bij factor {number}",
    "field.factor_agreements": "Afspraken bij deze factor",
    "minutes.room_for_mistakes": "Ruimte om fouten te maken (bij factor 2)",
    "minutes.pressures": "Druk op de werkplek",
    "minutes.no_pressures": "Geen genoemd.",
    "meeting.agreement_from_factor": (
        "{kind} bij factor {number}, eigenaar {owner}: typ wat jullie afspreken."
    ),
    "report.pressures": "Druk op de werkplek",
    "report.pressures_legend": (
        "per druk hoeveel stages haar noemden in hun laatste ondertekende gesprek; "
        "ruimte om fouten te maken telt als een factor."
    ),
    "report.pressure": "Druk",
    "report.named": "Genoemd",
    "report.room_for_mistakes": "Ruimte om fouten te maken",
    "question.learning": "Komt de student aan leren toe?",
    "question.time": "Is er voldoende tijd voor begeleiding en reflectie?",
    "question.supervision": "Hoe loopt de begeleiding, op de werkplek en op school?",
    "question.attention": "Wat vraagt extra aandacht, tijdens het werk of op de terugkomdag?",
    "disposition.done": "nagekomen",
    "disposition.carry": "meenemen",
    "disposition.drop": "laten vallen",
    "disposition.none": "nog kiezen",
    "continuation.continue": "doorgaan",
    "continuation.adjust": "doorgaan met aanpassingen",
    "continuation.end": "stage beëindigen",
    "step.open_agreements": "Afspraken",
    "step.questions": "Vragen",
    "step.progress": "Voortgang",
    "step_title.open_agreements": "Wat werd er van de afspraken?",
    "step_title.questions": "De vier vragen",
    "step_title.progress": "Voortgang per leerdoel",
    "step_hint.open_agreements": "Elke open afspraak krijgt een besluit: nagekomen, meenemen of laten vallen (met een reden). Spatie of → kiest.",
    "step_hint.questions": "Beantwoord elke vraag; waar het helpt per partij.",
    "step_hint.progress": "Hoe staat het met elk leerdoel?",
    "step_title.new_agreements": "Nieuwe afspraken",
    "step_hint.new_agreements": "Wat spreken jullie nu af? Elke afspraak heeft één eigenaar.",
    "step_title.continuation": "Besluit",
    "step_hint.continuation": "Gaat de stage door zoals afgesproken, met aanpassingen, of stopt ze?",
    "need.disposition": "Nog {count} open afspraak/afspraken zonder besluit.",
    "need.disposition_reason": "Bij {count} afspraak/afspraken ontbreekt de reden.",
    "need.question.learning": "Vraag 1 (aan leren toekomen) is nog niet beantwoord.",
    "need.question.time": "Vraag 2 (tijd voor begeleiding en reflectie) is nog niet beantwoord.",
    "need.question.supervision": "Vraag 3 (hoe de begeleiding loopt) is nog niet beantwoord.",
    "need.question.attention": "Vraag 4 (wat extra aandacht vraagt) is nog niet beantwoord.",
    "need.progress": "Bij {count} leerdoel(en) ontbreekt de voortgang.",
    "need.continuation": "Er is nog geen besluit over het vervolg.",
    "field.made_on": "Gemaakt",
    "field.carried": "{count}× meegenomen",
    "field.disposition": "Besluit",
    "field.reason": "Reden",
    "field.reason_placeholder": "waarom?",
    "field.progress_placeholder": "hoe het gaat",
    "field.answer_placeholder": "antwoord",
    "field.changed": "was {status}",
    "field.no_open_agreements": "Er staan geen afspraken meer open.",
    "field.no_goals": "Er zijn nog geen leerdoelen vastgelegd.",
    "meeting.close_first": "Geef eerst elke open afspraak een besluit; daarna kan iedereen akkoord geven.",
    "minutes.reviews": "Afspraken van eerder",
    "minutes.questions": "De vier vragen",
    "minutes.progress": "Voortgang per leerdoel",
    "minutes.changes": "Wat veranderde sinds de vorige keer",
    "minutes.no_changes": "Geen factor veranderde.",
    "minutes.changed_from": "{factor}: {before} → {after}",
    "minutes.new_agreements": "Nieuwe afspraken",
    "minutes.continuation": "Vervolg",
    "minutes.made_on": "gemaakt {date}",
    "minutes.carried": "{count}× meegenomen",
    "minutes.goal": "Leerdoel",
    "minutes.progress_of": "Voortgang",
    "factor_status.not_discussed": "niet besproken",
    "factor_status.present": "aanwezig",
    "factor_status.absent": "afwezig",
    "factor_status.realisable": "realiseerbaar",
    "way.doing": "door te doen",
    "way.watching": "door te kijken",
    "way.feedback": "met feedback",
    "way.reading": "door te lezen",
    "way.reflecting": "door te reflecteren",
    "support_kind.visit": "begeleidingsbezoek",
    "support_kind.return_day": "terugkomdag",
    "support_kind.assignment": "opdracht",
    "support_kind.intervision": "intervisie",
    "support_kind.contact": "contactmoment",
    "support_kind.other": "anders",
    "agreement_kind.work": "werkafspraak",
    "agreement_kind.supervision": "begeleidingsafspraak",
    "agreement_kind_short.work": "werk",
    "agreement_kind_short.supervision": "begeleiding",
    "agreement_status.open": "open",
    "agreement_status.done": "nagekomen",
    "agreement_status.dropped": "vervallen",
    "decision.suitable": "geschikt",
    "decision.conditions": "geschikt onder voorwaarden",
    "decision.not_suitable": "niet geschikt",
    # Steps
    "step.participants": "Deelnemers",
    "step.learning": "Leren",
    "step.workplace": "Werkplek",
    "step.support": "School",
    "step.agreements": "Afspraken",
    "step.decision": "Besluit",
    "step.review": "Akkoord",
    "step_title.participants": "Deelnemers en stage",
    "step_title.learning": "Wat de student wil leren en hoe zij leert",
    "step_title.workplace": "De leerwerkplek: zes factoren",
    "step_title.support": "Ondersteuning vanuit school",
    "step_title.agreements": "Werk- en begeleidingsafspraken",
    "step_title.decision": "Besluit",
    "step_title.review": "Terugblik en akkoord",
    "step_hint.participants": (
        "Wie zit er aan tafel, en om welke stage gaat het? Vul per partij een naam in."
    ),
    "step_hint.learning": (
        "Wat wil de student leren, en hoe leert zij het best? Eén leerdoel per regel."
    ),
    "step_hint.workplace": (
        "Kies per factor + aanwezig, - afwezig, ~ realiseerbaar of ? niet besproken. "
        "Van een afwezige of realiseerbare factor maak je met ^t een afspraak."
    ),
    "step_hint.support": "Wat biedt de school om het leren op de werkplek te steunen?",
    "step_hint.agreements": "Wat spreken jullie af, wie is eigenaar, en wanneer of hoe vaak?",
    "step_hint.decision": "Is dit een goede leerplek voor deze student?",
    "step_hint.review": "Loop het verslag samen na; elke partij geeft akkoord.",
    "step.done": "klaar",
    "step.current": "huidige stap",
    # What a step still needs
    "need.participant.student": "De naam van de student ontbreekt.",
    "need.participant.workplace": "Niemand van de werkplek is ingevuld.",
    "need.participant.school": "Niemand van school is ingevuld.",
    "need.programme": "De opleiding van de stage ontbreekt.",
    "need.goal": "Er is nog geen leerdoel.",
    "need.learning_way": "Nog niet besproken hoe de student leert.",
    "need.factors": "Nog {count} van de zes factoren niet besproken.",
    "need.support": "Nog geen ondersteuning vanuit school vastgelegd.",
    "need.agreement": "Nog geen afspraak gemaakt.",
    "need.decision": "Er is nog geen besluit.",
    "need.reasons": "Bij dit besluit horen redenen.",
    "need.next_evaluation": "De datum van de volgende evaluatie ontbreekt.",
    "need.signoff.student": "De student heeft nog geen akkoord gegeven.",
    "need.signoff.workplace": "De werkplek heeft nog geen akkoord gegeven.",
    "need.signoff.school": "De school heeft nog geen akkoord gegeven.",
    "review.complete": "Alles is vastgelegd en door alle drie akkoord bevonden.",
    "review.open": "Nog open:",
    # Fields
    "field.meeting_date": "Datum gesprek",
    "field.organisation": "Organisatie",
    "field.team": "Team / locatie",
    "field.programme": "Opleiding",
    "field.pathway": "Leerweg",
    "field.start": "Start stage",
    "field.end": "Einde stage",
    "field.name": "Naam",
    "field.role": "Rol",
    "field.party": "Partij",
    "field.goals": "Leerdoelen",
    "field.goal_placeholder": "Leerdoel, bijvoorbeeld: zelfstandig een groepsactiviteit leiden",
    "field.ways": "Hoe de student leert",
    "field.learning_note": "Toelichting",
    "field.note": "Toelichting",
    "field.status": "Status",
    "field.kind": "Soort",
    "field.what": "Afspraak",
    "field.who": "Wie",
    "field.when": "Wanneer",
    "field.when_placeholder": "datum of bv. wekelijks",
    "field.support_placeholder": "Wat de school doet, bijvoorbeeld: bezoek in week 6",
    "field.decision": "Besluit",
    "field.reasons": "Redenen",
    "field.next_evaluation": "Volgende evaluatie",
    "field.date_placeholder": "dd-mm-jjjj",
    "field.signed": "akkoord",
    "field.not_signed": "nog geen akkoord",
    "field.sign_name": "Naam voor akkoord",
    "field.from_factor": "uit factor: {factor}",
    "field.empty_list": "Nog niets. Druk ^t om toe te voegen.",
    # Keys (footer, palette, help)
    "key.help": "Hulp",
    "cmd.help": "Hulp en toetsen",
    "cmd.help.help": "De toetsen van dit scherm, en hoe een gesprek verloopt",
    "help.title": "Hulp",
    "help.keys": "Toetsen hier",
    "help.key_tab": "naar het volgende veld (Shift+Tab: het vorige)",
    "help.key_choice": "op een keuze als ‹werkplek›: de volgende (← de vorige)",
    "help.key_factor": "in de lijst met factoren: aanwezig, afwezig, realiseerbaar, niet besproken",
    "help.key_goto": "direct naar stap 1 tot en met 7",
    "help.key_present": "presenteren op een gedeeld scherm; alleen de stap (nogmaals: terug)",
    "help.guide_title": "Hoe een gesprek verloopt",
    "help.guide": (
        "Student, werkplek en school zitten samen aan tafel; jij deelt het scherm.\n\n"
        "Het startgesprek, vóór de stage: wie er aan tafel zit en om welke stage het gaat; "
        "wat de student wil leren en hoe zij leert; per factor van de leerwerkplek of die "
        "aanwezig, afwezig of realiseerbaar is; wat de school biedt; de afspraken, elk met "
        "één eigenaar; het besluit; en tot slot leest iedereen het verslag en geeft akkoord.\n\n"
        "Elk kwartaal de evaluatie: wat werd er van de open afspraken, de vier vragen, de "
        "voortgang per leerdoel, wat er aan de werkplek veranderde, nieuwe afspraken en het "
        "vervolg.\n\n"
        "Alles wordt opgeslagen terwijl je typt. Ctrl+N en Ctrl+B gaan een stap verder of terug, "
        "Ctrl+G springt naar een stap, Ctrl+T voegt een regel toe, Ctrl+R toont het verslag en "
        "Ctrl+S bewaart het als bestand. Ctrl+P opent het menu met alles wat kan."
    ),
    "key.presenting": "Presenteren",
    "key.focus_mode": "Alleen de stap",
    "cmd.presenting": "Presenteren (gedeeld scherm)",
    "cmd.presenting.help": "De stap groot in beeld; op een breed scherm het verslag ernaast (F2)",
    "cmd.focus_mode": "Alleen de stap tonen",
    "cmd.focus_mode.help": "Verberg kop, uitleg en toetsen (F3)",
    "key.quit": "Stoppen",
    "key.palette": "Menu",
    "key.next_step": "Verder",
    "key.previous_step": "Terug",
    "key.goto_step": "Stap…",
    "key.add": "Nieuw",
    "key.minutes": "Verslag",
    "key.export": "Export",
    "key.home": "Lijst",
    "key.new_evaluation": "Evaluatie",
    "key.new_agreement": "Afspraak",
    "key.new_intake": "Startgesprek",
    "key.open": "Openen",
    "key.search": "Zoeken",
    "key.close": "Sluiten",
    "key.cancel": "Annuleren",
    "key.confirm": "Bevestigen",
    "key.delete_item": "Regel wissen",
    "key.agreement_from_factor": "Afspraak maken",
    "key.sign": "Akkoord",
    # Palette commands
    "cmd.next_step": "Volgende stap",
    "cmd.next_step.help": "Ga naar de volgende stap van het gesprek",
    "cmd.previous_step": "Vorige stap",
    "cmd.previous_step.help": "Ga terug naar de vorige stap",
    "cmd.goto_step": "Ga naar stap {number}: {step}",
    "cmd.goto_step.help": "Spring direct naar deze stap",
    "cmd.add": "Toevoegen in deze stap",
    "cmd.add.help": "Een deelnemer, leerdoel, ondersteuning of afspraak toevoegen",
    "cmd.minutes": "Verslag bekijken",
    "cmd.minutes.help": "Het verslag zoals het nu is, als voorbeeld",
    "cmd.export": "Verslag exporteren",
    "cmd.export.help": "Het verslag als Markdown-bestand opslaan",
    "cmd.home": "Naar het overzicht",
    "cmd.home.help": "Terug naar de lijst met stages en gesprekken",
    "cmd.new_evaluation": "Nieuwe kwartaalevaluatie",
    "cmd.new_evaluation.help": "Evalueer de gekozen stage met de driehoek",
    "cmd.new_intake": "Nieuw startgesprek",
    "cmd.new_intake.help": "Een nieuwe stage beginnen met een startgesprek",
    "cmd.workplaces": "Kwaliteit van de leerwerkplekken",
    "cmd.workplaces.help": "Per organisatie en team: de zes factoren door de jaren, en hoe stages eindigden",
    "cmd.quit": "Stoppen",
    "cmd.quit.help": "driehoek afsluiten; alles is al opgeslagen",
    "cmd.keys": "Toetsen",
    "cmd.keys.help": "Laat alle toetsen van dit scherm zien",
    "cmd.theme": "Kleurenschema",
    "cmd.theme.help": "Kies een ander kleurenschema",
    "cmd.delete_item": "Regel wissen",
    "cmd.delete_item.help": "Wis het leerdoel, de deelnemer, ondersteuning of afspraak hier",
    "palette.placeholder": "Zoek een opdracht…",
    "palette.no_matches": "Niets gevonden",
    # Home screen
    "home.search_placeholder": "Zoek een student of organisatie (een paar letters)",
    "home.placements": "Stages",
    "home.meetings": "Gesprekken van deze stage",
    "home.col.student": "Student",
    "home.col.organisation": "Organisatie",
    "home.col.programme": "Opleiding",
    "home.col.status": "Status",
    "home.col.next": "Volgende",
    "home.col.date": "Datum",
    "home.col.kind": "Gesprek",
    "home.col.decision": "Besluit",
    "home.col.signed": "Akkoord",
    "home.not_started": "Deze stage is niet gestart; er valt niets te evalueren.",
    "placement.title": "Stage",
    "placement.outcome": "Uitkomst",
    "placement.cadence": "Evalueren elke",
    "placement.months": "maanden",
    "placement.outcome_reason": "Reden uitkomst",
    "placement.meetings": "Gesprekken (Enter opent)",
    "placement.agreements": "Afspraken per partij",
    "placement.factors": "De zes factoren door de tijd",
    "placement.legend": "+ aanwezig, - afwezig, ~ realiseerbaar, ? niet besproken",
    "placement.no_agreement": "Geen enkele afspraak voor: {parties}.",
    "placement.days": "{n} dagen",
    "placement.intake_short": " (start)",
    "key.placement": "Stage",
    "cmd.placement": "Stage bekijken",
    "cmd.placement.help": "Gesprekken, afspraken per partij en factoren door de tijd",
    "home.due": "Te plannen: {late} evaluatie(s) te laat (!), {soon} binnen vier weken.",
    "home.nothing_due": "Geen evaluaties te laat of binnen vier weken.",
    "home.empty": "Nog geen stages. Druk ^n voor een nieuw startgesprek.",
    "home.no_match": "Geen student of organisatie gevonden voor ‘{query}’.",
    "home.no_meetings": "Deze stage heeft nog geen gesprekken.",
    "home.signed": "{count}/3",
    # New intake dialog
    "new.title": "Nieuw startgesprek",
    "new.student": "Naam van de student",
    "new.organisation": "Organisatie (leerbedrijf)",
    "new.start": "Beginnen",
    "new.need_student": "Vul de naam van de student in.",
    "new.need_organisation": "Vul de organisatie in.",
    # Meeting screen
    "meeting.heading": "{kind} {date} · {student} · {organisation}",
    "meeting.saved": "Opgeslagen",
    "meeting.from_factor_needs_status": (
        "Een afspraak maak je van een factor die afwezig of realiseerbaar is."
    ),
    "meeting.nothing_to_add": "In deze stap valt niets toe te voegen.",
    "meeting.nothing_to_delete": "Zet de cursor op een regel om die te wissen.",
    "meeting.deleted": "Regel gewist.",
    "conflict.title": "Intussen gewijzigd door {who}: {what}",
    "conflict.keep_theirs": "hun versie terugzetten",
    "conflict.keep_mine": "jouw versie gebruiken",
    # Conflicts: both versions kept (the notice under the step, the history, other sessions)
    "conflict.removed": "Intussen verwijderd: {what}",
    "conflict.someone": "iemand anders",
    "conflict.theirs_in_place": "In het gesprek staat: ‘{text}’. Wat jij typte, is apart bewaard.",
    "conflict.yours_kept": "Wat jij typte, is apart bewaard.",
    "conflict.yours_in_place": "Nu staat jouw versie in het gesprek; die van {who} is apart bewaard.",
    "conflict.back": "De regel staat weer in het gesprek, met jouw tekst.",
    "conflict.keys": "Ctrl+O: {choice} · alle versies: Geschiedenis (Ctrl+P)",
    "conflict.gone": "Die versie is er niet meer: iemand anders heeft haar al teruggezet.",
    "key.swap_versions": "Versies wisselen",
    "cmd.swap_versions": "Versies wisselen",
    "cmd.swap_versions.help": "De apart bewaarde versie terugzetten; wat er stond, wordt apart bewaard",
    "meeting.aside_yours": "{who} koos een andere versie van {what}; die van jou is apart bewaard (Geschiedenis).",
    "meeting.aside_theirs": "{who} typte tegelijk in {what}; die versie is apart bewaard (Geschiedenis).",
    "entity.set_aside": "bewaarde versie",
    "action.put_back": "teruggezet",
    "history.asides": "Apart bewaarde versies: Enter zet de gekozen versie terug, en bewaart wat er stond apart.",
    "history.col.by": "Van",
    "history.col.version": "Versie",
    "history.put_back": "Teruggezet; de versie die er stond, is apart bewaard.",
    "key.put_back": "Terugzetten",
    "entity.organisations": "organisatie",
    "entity.students": "student",
    "entity.placements": "stage",
    "entity.meetings": "gesprek",
    "entity.participants": "deelnemer",
    "entity.goals": "leerdoel",
    "entity.factors": "factor",
    "entity.support": "ondersteuning",
    "entity.agreements": "afspraak",
    "entity.sign_offs": "akkoord",
    "action.create": "aangemaakt",
    "action.change": "gewijzigd",
    "action.delete": "verwijderd",
    "action.export": "geëxporteerd",
    "action.erase": "gewist",
    "action.import": "ingelezen",
    "history.title": "Geschiedenis van dit gesprek",
    "history.hint": "Wie wat wanneer deed (dit logboek bewaart nooit de inhoud zelf).",
    "history.col.at": "Wanneer",
    "history.col.who": "Wie",
    "history.col.action": "Wat",
    "history.col.what": "Onderdeel",
    "history.empty": "Nog geen geschiedenis.",
    "cmd.history": "Geschiedenis",
    "cmd.history.help": "Apart bewaarde versies terugzetten; wie wat wanneer aan dit gesprek deed",
    "meeting.remote_change": "Bijgewerkt met wijzigingen uit een andere sessie.",
    "meeting.goto_title": "Naar stap",
    "meeting.goto_hint": "Druk het nummer van de stap, of kies met de pijltjes en Enter.",
    "meeting.bad_date": "‘{text}’ is geen datum. Schrijf bijvoorbeeld 1-12-2026.",
    "meeting.need_date": "Hier hoort een datum, bijvoorbeeld 1-12-2026.",
    "meeting.sign_first_name": "Vul eerst de naam in bij Deelnemers.",
    # Minutes, export
    "minutes.title": "Verslag {kind}: {student}",
    "minutes.preview_title": "Verslag (voorbeeld)",
    "minutes.date": "Datum",
    "minutes.placement": "Stage",
    "minutes.programme": "Opleiding",
    "minutes.period": "Periode",
    "minutes.period_value": "{start} tot en met {end}",
    "minutes.status": "Status van de stage",
    "minutes.participants": "Deelnemers",
    "minutes.learning": "Leren",
    "minutes.goals": "Leerdoelen",
    "minutes.ways": "Hoe de student leert",
    "minutes.workplace": "De leerwerkplek",
    "minutes.factor": "Factor",
    "minutes.support": "Ondersteuning vanuit school",
    "minutes.agreements": "Afspraken",
    "minutes.decision": "Besluit",
    "minutes.reasons": "Redenen",
    "minutes.next_evaluation": "Volgende evaluatie",
    "minutes.signoff": "Akkoord",
    "minutes.signed_on": "akkoord op {date}",
    "minutes.not_signed": "nog geen akkoord",
    "minutes.nothing": "Niets vastgelegd.",
    "minutes.unknown": "onbekend",
    "minutes.open": "Nog open",
    "export.title": "Verslag exporteren",
    "export.save": "Opslaan",
    "export.failed": "Kon {path} niet schrijven: {reason}",
    "export.need_path": "Vul een bestandsnaam in.",
    # Exports and settings (issue 9): a new file in the exports folder, or a download;
    # the command line's refusals; the settings file.
    "export.folder": "Map: {path}",
    "export.download": "Je browser downloadt het bestand; op de server wordt niets bewaard.",
    "export.name": "Bestandsnaam (.md, .html of .json)",
    "export.saved": "Verslag opgeslagen in {path}",
    "export.saved_as": "{name} bestond al; het verslag staat in {path}",
    "export.downloading": "Je browser downloadt het verslag als {name}",
    "refused.not_a_name": "‘{path}’ is geen bestandsnaam: alleen een naam, zonder map of /; het bestand komt in de map hierboven.",
    "refused.hidden": "‘{path}’ begint met een punt; kies een naam die niet verborgen is.",
    "refused.suffix": "‘{path}’: de naam moet eindigen op .md (Markdown), .html (webpagina) of .json.",
    "refused.too_long": "‘{path}’ is te lang voor een bestandsnaam; kies een kortere.",
    "refused.control": "‘{path}’ bevat tekens die niet in een bestandsnaam horen.",
    "refused.database": "{path} is de database of een bestand dat erbij hoort; kies een andere naam. Er is niets geschreven.",
    "refused.symlink": "{path} is een symbolische koppeling; driehoek schrijft niet via een koppeling. Er is niets geschreven.",
    "refused.folder_symlink": "De map {path} is een symbolische koppeling; driehoek schrijft daar niet in. Er is niets geschreven.",
    "refused.folder_missing": "De map boven {path} bestaat niet (exports_folder, zie driehoek settings). Er is niets geschreven.",
    "refused.not_a_folder": "{path} is geen map. Er is niets geschreven.",
    "refused.too_many": "Er zijn al 999 bestanden met de naam {path}; kies een andere naam.",
    "settings.where": "{file}",
    "settings.where_line": "{file}, regel {line}",
    "settings.unreadable": "{where}: niet te lezen ({value}); de standaardinstellingen gelden.",
    "settings.syntax": "{where}: geen geldige TOML (‘{value}’); de standaardinstellingen gelden.",
    "settings.unknown_key": "{where}: onbekende instelling ‘{key}’ (wel: language, theme, exports_folder, [keys]); die telt niet mee.",
    "settings.not_text": "{where}: ‘{key}’ moet tekst tussen aanhalingstekens zijn; de standaard geldt.",
    "settings.not_a_table": "{where}: ‘{key}’ moet een tabel zijn ([keys]); de standaardtoetsen gelden.",
    "settings.bad_language": "{where}: language = ‘{value}’ bestaat niet, kies nl of en; de standaard geldt.",
    "settings.unknown_theme": "{where}: theme = ‘{value}’ bestaat niet; het standaardthema geldt (kies er een in het menu, Ctrl+P).",
    "settings.unknown_binding": "{where}: ‘{key}’ is geen toets van driehoek (driehoek settings toont ze allemaal); die telt niet mee.",
    "settings.empty_keys": "{where}: ‘{key}’ heeft geen toets; de standaardtoets geldt.",
    "settings.no_parent": "{where}: de map boven exports_folder = ‘{value}’ bestaat niet; de standaardmap geldt.",
    "settings.theme_not_saved": "Het thema is niet bewaard in {path}: {reason}",
    "settings.broken": "het bestand bevat een fout",
    "settings.file": "Instellingenbestand: {path} ({state})",
    "settings.exists": "bestaat",
    "settings.missing": "bestaat niet: alles staat op de standaard",
    "settings.source.default": "standaard",
    "settings.source.file": "instellingenbestand",
    "settings.source.environment": "omgeving",
    "settings.source.command_line": "opdrachtregel",
    "cli.settings": "toon waar het instellingenbestand staat en welke instellingen gelden, en waarvandaan",
    # Errors (command line and app)
    "error.missing": "Er is geen database {path}.",
    "error.no_directory": "De map van {path} bestaat niet. Maak de map eerst aan.",
    "error.not_writable": "Kan {path} niet schrijven (alleen-lezen of geen toegang).",
    "error.not_sqlite": "{path} is geen SQLite-database; het bestand is niet aangeraakt.",
    "error.foreign": (
        "{path} is een database van een ander programma, niet van driehoek; "
        "het bestand is niet aangeraakt."
    ),
    "error.newer": (
        "{path} komt van een nieuwere versie van driehoek; werk driehoek bij. "
        "Het bestand is niet aangeraakt."
    ),
    "error.unreadable": "Kan {path} niet lezen: {detail}",
    "error.no_meeting": "Er is geen gesprek met nummer {id}.",
    "error.write_output": "Kan {path} niet schrijven: {reason}",
    "error.no_student": "Er is geen student ‘{student}’.",
    "error.ambiguous_student": "Meer studenten heten ‘{student}’ (nummers {ids}); geef het nummer.",
    "error.backup_exists": "{path} bestaat al; een kopie overschrijft nooit iets.",
    "error.bad_dossier": "{path} is geen dossier dat driehoek kan lezen: {detail}",
    # Import: a dossier checked whole before the first write (one line per problem)
    "error.bad_dossier_many": "{path} is geen dossier dat driehoek kan lezen; er is niets ingelezen ({count} problemen):",
    "dossier.more": "… en nog {count}",
    "dossier.not_json": "geen JSON ({detail})",
    "dossier.too_big": "groter dan {max} MiB; zo groot is geen dossier",
    "dossier.not_a_dossier": "geen dossier van driehoek (export --student)",
    "dossier.format_version": "dossierformaat {version}; deze driehoek leest formaat 1",
    "dossier.missing": "ontbreekt",
    "dossier.unknown_field": "onbekend veld",
    "dossier.not_text": "geen tekst: {value}",
    "dossier.not_whole_number": "geen geheel getal: {value}",
    "dossier.not_list": "geen lijst: {value}",
    "dossier.not_object": "geen object: {value}",
    "dossier.too_small": "kleiner dan {min}: {value}",
    "dossier.too_large": "groter dan {max}: {value}",
    "dossier.too_long": "te lang: {length} tekens, ten hoogste {max}",
    "dossier.too_many": "te veel: {count}, ten hoogste {max}",
    "dossier.not_one_of": "niet een van {allowed}: {value}",
    "dossier.not_a_date": "geen datum (JJJJ-MM-DD): {value}",
    "dossier.not_a_moment": "geen tijdstip met tijdzone: {value}",
    "dossier.blank": "leeg",
    "dossier.marked_invalid": "was bij het exporteren niet leesbaar ({fields}); herstel het in driehoek en exporteer opnieuw",
    "dossier.duplicate_id": "nummer {id} komt twee keer voor",
    "dossier.duplicate": "{value} komt twee keer voor",
    "dossier.factor_missing": "factor {factor} ontbreekt; elk gesprek heeft alle zes",
    "dossier.unknown_goal": "leerdoel {id} staat niet eerder in dit dossier",
    "dossier.unknown_agreement": "afspraak {id} staat niet eerder in dit dossier",
    "dossier.refused_by_database": "de database weigert het: {detail}",
    "dossier.other": "{detail}",
    # Values a file holds that driehoek cannot read (an old import, a hand edit)
    "value.invalid_date": "ongeldige datum",
    "value.invalid_short": "ongeldig",
    "meeting.invalid": "Niet alles in dit gesprek is leesbaar ({fields}); ‘driehoek check’ noemt het. De rest werkt gewoon.",
    "action.put_aside": "apart gezet",
    "check.unreadable": "waarden die driehoek kan lezen",
    "check.unreadable_line": "{table} {id}, {column}: {what}",
    "check.unreadable_more": "… en nog {count}",
    "check.expected.day": "geen datum: {value}",
    "check.expected.moment": "geen tijdstip: {value}",
    "check.expected.choice": "onbekende waarde: {value}",
    "check.expected.missing": "leeg",
    "check.expected.missing_put_aside": "leeg; bij het bijwerken van driehoek apart gezet: {value}",
    "error.retention_years": "De bewaartermijn is ten minste 1 jaar.",
    "error.world_readable": (
        "{path} is voor iedereen leesbaar en bevat persoonsgegevens; "
        "maak het eerst privé (chmod o-rwx) en start dan opnieuw."
    ),
    "error.full": "De schijf is vol: kan {path} niet schrijven; er is niets veranderd. Maak ruimte vrij en probeer het opnieuw.",
    "error.disk_full": "De schijf is vol: je wijziging is nog niet opgeslagen. Maak ruimte vrij.",
    "error.disk_full_undone": "De schijf is vol: dit is niet gelukt en er is niets veranderd. Maak ruimte vrij en probeer het opnieuw.",
    "error.export_what": "Geef precies één van: een gespreksnummer, --student, --placement of --all.",
    "error.student_json": "Het dossier van een student is er alleen als JSON: --format json.",
    "error.busy": "De database is bezet; probeer het zo nog eens.",
    "error.crash": (
        "driehoek is gestopt door een onverwachte fout. Wat je typte, was al opgeslagen "
        "terwijl je typte. Details voor de beheerder: {log}"
    ),
    # Terminal and crashes (terminal branch): the app needs a terminal; a forced SSH login
    # runs driehoek only; an unexpected error outside the screen.
    "error.no_terminal": (
        "driehoek heeft een terminal nodig; start het in een terminalvenster "
        "(over SSH: gewoon ssh, zonder -T en zonder opdracht)."
    ),
    "error.ssh_command": (
        "Deze login opent alleen driehoek; opdrachten, sftp en scp kunnen hier niet. "
        "Log in met gewoon ssh, zonder opdracht."
    ),
    "error.crash_command": (
        "driehoek is gestopt door een onverwachte fout. Details voor de beheerder: {log}"
    ),
    # Command line
    "cli.description": (
        "driehoek begeleidt het driehoeksgesprek tussen student, werkplek en school."
    ),
    "cli.db": "het databasebestand (of zet DRIEHOEK_DB); standaard: {default}",
    "cli.lang": "taal van het scherm en het verslag: nl (standaard) of en",
    "cli.demo": "maak een database met verzonnen voorbeelden en open driehoek erop",
    "cli.list": "toon de gesprekken, één per regel",
    "cli.json": "als JSON",
    "cli.export": "verslagen exporteren: van één gesprek, van een hele stage of van alle gesprekken (Markdown, HTML of JSON)",
    "cli.meeting_id": "het nummer van het gesprek (zie driehoek list)",
    "cli.format": "md (verslag, standaard), html (afdrukbare pagina) of json (alle gegevens)",
    "cli.output": "schrijf naar dit bestand in plaats van naar het scherm",
    "cli.backup": "maak een consistente kopie van de database, ook terwijl anderen werken",
    "cli.backup_file": "het nieuwe bestand voor de kopie (een bestaand bestand wordt nooit overschreven)",
    "cli.backup_done": "Kopie gemaakt: {path} ({size}).",
    "cli.check": "controleer of de database heel en in orde is",
    "cli.check_ok": "in orde",
    "cli.check_problem": "PROBLEEM",
    "check.integrity": "samenhang van het bestand (integrity_check)",
    "check.foreign_keys": "verwijzingen tussen tabellen",
    "check.application_id": "bestand van driehoek",
    "check.schema": "versie van de indeling",
    "check.search_index": "zoekindex",
    "check.wal": "logbestand (-wal): niets meer van gewiste studenten",
    # -- the database file: damage, full disk, check, audit chain (dbfile) --
    "check.audit_chain": "auditlog: hashketen",
    "check.audit_triggers": "auditlog: de triggers die het schrijven en bewaken",
    "check_detail.audit_no_table": "de tabel audit ontbreekt",
    "check_detail.audit_no_column": "de tabel audit heeft geen hashketen",
    "check_detail.audit_broken": (
        "breekt bij rij {id}: die rij is veranderd, of vlak ervoor is een rij weggehaald of "
        "tussengezet"
    ),
    "check_detail.audit_whole": "{rows} rijen, nieuwste #{id}, hash {hash}",
    "check_detail.audit_empty": "nog leeg",
    "check_detail.trigger_missing": "ontbreekt: {names}",
    "check_detail.trigger_changed": "veranderd: {names}",
    "check_detail.trigger_added": "erbij gekomen: {names}",
    "check_detail.erasure_owed": (
        "bevat nog gegevens van een gewiste student, want een andere sessie leest nog; "
        "draai check opnieuw als die gestopt is"
    ),
    "cli.check_read_only": "{path} is beschadigd; het is alleen gelezen, niet veranderd.",
    "error.damaged": (
        "{path} is beschadigd; er is niets aan veranderd. Kijk met ‘driehoek check’ wat er "
        "mis is, en zet een reservekopie terug."
    ),
    "error.damaged_app": (
        "De database {path} is beschadigd; wat je het laatst typte, is misschien niet "
        "opgeslagen. Kijk met ‘driehoek check’ wat er mis is, en zet een reservekopie terug."
    ),
    "cli.erased_not_rewritten": (
        "Student {id} is gewist, met {meetings} gesprek(ken), maar het bestand is nog niet "
        "herschreven ({reason}): er kunnen nog sporen van haar in staan. Voer ‘driehoek "
        "check’ uit zodra dat weer kan; dat maakt het wissen af."
    ),
    "cli.purge_stopped": (
        "{done} van de {count} dossier(s) gewist; toen lukte het niet meer ({reason}). De "
        "andere zijn niet aangeraakt: probeer het opnieuw als dat is opgelost."
    ),
    "cli.purge_not_rewritten": (
        "Het bestand is nog niet herschreven ({reason}): er kunnen nog sporen van de gewiste "
        "studenten in staan. Voer ‘driehoek check’ uit zodra dat weer kan; dat maakt het af."
    ),
    "reason.full": "de schijf is vol; maak eerst ruimte vrij",
    "reason.busy": "de database was te lang bezet",
    "reason.damaged": "het bestand is beschadigd",
    "reason.other": "het bestand kon niet worden geschreven",
    # -- end of dbfile --
    "cli.import": "lees een dossier (JSON van export --student) in",
    "cli.import_file": "het dossierbestand",
    "cli.imported": "Dossier ingelezen: student {id}, {placements} stage(s), {meetings} gesprek(ken).",
    "cli.erase": "wis een student met al haar stages en gesprekken, zonder spoor",
    "cli.student": "naam of nummer van de student",
    "cli.yes": "niet om bevestiging vragen",
    "cli.needs_yes": "Dit wist gegevens en vraagt om bevestiging; buiten een terminal: voeg --yes toe.",
    "cli.confirm_erase": "Typ de naam ‘{name}’ om alles over deze student te wissen: ",
    "cli.not_erased": "Niets gewist.",
    "cli.erased": "Student {id} gewist, met {meetings} gesprek(ken).",
    "cli.wal_busy": (
        "Een andere sessie leest nog; de eerste driehoek die start nadat die stopt, maakt "
        "het logbestand leeg (driehoek check doet dat, en controleert het)."
    ),
    "cli.purge": "wis dossiers waarvan de bewaartermijn voorbij is",
    "cli.dry_run": "laat alleen zien wat gewist zou worden",
    "cli.years": "bewaartermijn in jaren voor deze keer (anders de ingestelde)",
    "cli.expired": "{id:>5}  {name}  laatste stage geëindigd {ended}, bewaren tot {until}",
    "cli.nothing_expired": "Geen dossiers ouder dan de bewaartermijn ({years} jaar).",
    "cli.dry_run_done": "{count} dossier(s) zouden worden gewist (proefdraaien: niets gewist).",
    "cli.confirm_purge": "{count} dossier(s) wissen? Typ ‘ja’: ",
    "cli.yes_word": "ja",
    "cli.purged": "{count} dossier(s) gewist.",
    "cli.retention": "toon of stel de bewaartermijn in (jaren na het einde van de laatste stage)",
    "cli.retention_years": "het nieuwe aantal jaren",
    "cli.retention_now": "Bewaartermijn: {years} jaar na het einde van de laatste stage.",
    "cli.export_student": "alles over één student (recht op inzage), als JSON",
    "cli.no_meetings": "Nog geen gesprekken.",
    "cli.written": "Geschreven: {path}",
    "cli.serve": (
        "toon driehoek in een browser (textual-serve), voor wie de geheime link heeft die het "
        "afdrukt; op 127.0.0.1, of achter de inlog-proxy van de school"
    ),
    "cli.host": "het adres waarop de server luistert; standaard: {default} (alleen deze computer)",
    "cli.port": "de poort; standaard: {default}",
    "cli.public_url": (
        "het adres waarmee de browser de server bereikt, als dat een ander is "
        "(achter een proxy, bv. https://intranet.school.example/driehoek)"
    ),
    # Serving in a browser
    "serve.serving": "driehoek in de browser: {url}  (deze link is het wachtwoord; Ctrl+C stopt)",
    "serve.open_warning": (
        "Let op: driehoek luistert op {host}:{port}, niet alleen op deze computer, en zonder "
        "https: wie het verkeer kan zien, ziet de link en de cookie. Zet het achter de proxy van "
        "de school die inlogt en https spreekt, en laat driehoek dan op 127.0.0.1 luisteren."
    ),
    "serve.cannot_listen": "Kan niet luisteren op {host}:{port}: {reason}",
    "serve.bad_public_url": "{url} is geen adres dat met http:// of https:// begint.",
    "serve.bad_port": "{value} is geen poort: kies een getal van 1 tot en met 65535.",
    # Serving in a browser: who gets in (serve_access, serve_server)
    "cli.token_file": (
        "lees het token van de link uit FILE, in plaats van bij elke start een nieuw te maken: "
        "dan blijft de link dezelfde. Eén regel van minstens 22 tekens (A-Z, a-z, 0-9, - en _), "
        "in een bestand van jou dat niemand anders mag lezen (chmod 600)"
    ),
    "cli.max_sessions": (
        "hoogstens N browservensters tegelijk, elk met een eigen driehoek-proces; standaard: {default}"
    ),
    "serve.bad_max_sessions": "{value} is geen aantal: kies een getal vanaf 1.",
    "serve.serving_token_file": "driehoek in de browser: {url}?token=…  (het token staat in {path}; Ctrl+C stopt)",
    "serve.token_unreadable": "Kan het tokenbestand {path} niet lezen: {reason}",
    "serve.public_url_needed": (
        "--host {host} luistert op elk adres van deze computer; zeg met --public-url welk adres "
        "de browser gebruikt (bv. https://intranet.school.example/driehoek)."
    ),
    "serve.not_a_file": "geen gewoon bestand",
    "serve.token_owner": (
        "Het tokenbestand {path} is van een ander account; het moet van het account zijn dat "
        "driehoek serve draait."
    ),
    "serve.token_open": (
        "Het tokenbestand {path} is ook voor anderen toegankelijk (modus {mode}); maak het "
        "alleen voor jou leesbaar: chmod 600 {path}"
    ),
    "serve.token_format": (
        "Het tokenbestand {path} moet één regel bevatten: een token van minstens 22 tekens "
        "A-Z, a-z, 0-9, - en _ (maak er een met: python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(32))')."
    ),
    "serve.no_access_title": "Geen toegang",
    "serve.no_access": (
        "driehoek opent alleen met de link die driehoek serve bij het starten gaf. Vraag die "
        "link aan wie driehoek op de server draait. Na het sluiten van de browser is de link "
        "opnieuw nodig; een link van vóór een herstart werkt misschien niet meer."
    ),
    "serve.refused_title": "Geweigerd",
    "serve.refused": (
        "Dit verzoek kwam niet van de pagina van driehoek zelf, of niet via het adres waarop "
        "driehoek bereikbaar is. Open driehoek met de link die je kreeg."
    ),
    "serve.refused_log": (
        "Geweigerd: {header}: {value} (van {peer}); driehoek verwacht {expected}. Een aanval, "
        "of is --public-url niet het adres dat de browser gebruikt?"
    ),
    "serve.full_title": "Alle plaatsen bezet",
    "serve.full": (
        "driehoek draait al zoveel browservensters tegelijk als deze server toestaat ({limit}). "
        "Sluit een venster met driehoek dat je niet meer gebruikt, of probeer het over een paar "
        "minuten opnieuw."
    ),
    "serve.page_ended": "De sessie is beëindigd.",
    "serve.page_restart": "Opnieuw starten",
    "serve.page_start": "Starten",
    # Planning, the workplace report and dossiers (planning, report, dossier, outputs)
    "entity.dispositions": "afspraak van eerder",
    "entity.answers": "antwoord",
    "entity.progress": "voortgang",
    "calendar.name": "driehoek: kwartaalevaluaties",
    "calendar.summary": "Kwartaalevaluatie: {student} ({organisation})",
    "calendar.description": "Stage {placement}: {where}. Gepland in driehoek.",
    "due.overdue": "te laat",
    "due.today": "vandaag",
    "due.none": "Geen evaluaties te laat, en geen in de komende {weeks} weken.",
    "report.title": "Kwaliteit van de leerwerkplekken",
    "report.made_on": "Gemaakt op",
    "report.period": "Gesprekken",
    "report.since": "vanaf {date}",
    "report.all": "alle",
    "report.counted": "Alleen gesprekken die alle drie ondertekenden tellen, en elke stage één keer: met de factoren zoals haar laatste ondertekende gesprek ze achterliet.",
    "report.empty": "Geen gesprekken in deze periode.",
    "report.overview": "Overzicht",
    "report.organisation": "Organisatie",
    "report.placements": "Stages",
    "report.factors": "Factoren",
    # Workplace report over time (report, report_markdown, report_html, report_files)
    "report.factors_legend": "per factor hoeveel stages hem aanwezig, realiseerbaar, afwezig of niet besproken hadden, volgens het laatste ondertekende gesprek van elke stage.",
    "report.signs": "Tekens: + aanwezig, ~ realiseerbaar, - afwezig, ? niet besproken; één teken per stage, bij meer stages dan tekens naar verhouding.",
    "report.counted_placements": "Geteld",
    "report.signed_meetings": "Ondertekend",
    "report.drafts": "Concepten",
    "report.share_all": "Alle factoren",
    "report.overview_legend": "Stages: met een gesprek in de periode; Geteld: met een ondertekend gesprek; Ondertekend en Concepten: gesprekken; Alle factoren: de zes factoren van de getelde stages samen, in tien tekens.",
    "report.summary_placements": "Stages: {placements}, waarvan {counted} met een ondertekend gesprek",
    "report.summary_meetings": "Ondertekende gesprekken: {meetings}; concepten (niet geteld): {drafts}",
    "report.nothing_signed": "Nog geen ondertekend gesprek: hier is nog niets te tellen.",
    "report.quarters": "Per kwartaal",
    "report.quarters_legend": "een regel per kwartaal, een kolom per factor (genummerd als in de tabel Factoren), een teken per stage die dat kwartaal liep: de stand van haar laatste ondertekende gesprek aan het eind van het kwartaal. Een kolom van boven naar beneden laat zien hoe een factor zich ontwikkelde.",
    "report.quarter": "Kwartaal",
    "report.quarter_label": "{year} K{number}",
    "report.chart_title": "{name}: de factoren per kwartaal",
    "report.chart_desc": "Een rij per factor, met een staaf per kwartaal van {first} tot en met {last}: hoeveel stages de factor aanwezig (+), realiseerbaar (~), afwezig (-) of niet besproken (?) hadden. Een volle staaf is {most}. De cijfers staan in de tabel onder de grafiek.",
    "report.bar_title": "{quarter}, {factor}: {counts}",
    "report.numbers_caption": "{name}: per kwartaal en per factor (genummerd als in de grafiek) het aantal stages met + aanwezig, ~ realiseerbaar, - afwezig, ? niet besproken.",
    "report.level": "Niveau",
    "report.level_organisation": "organisatie",
    "report.level_team": "team",
    "report.factor_number": "Nr",
    "report.quarter_start": "Van",
    "report.quarter_end": "Tot en met",
    "cli.report_format": "md (standaard), html (afdrukbare pagina met grafieken), csv (voor Excel: ; gescheiden) of json",
    # Planning, the workplace report and dossiers (continued)
    "report.outcomes": "Hoe de stages eindigden",
    "report.outcome": "Afloop",
    "report.team": "Team: {team}",
    "report.no_team": "Zonder team",
    "dossier.title": "Dossier van {student} bij {organisation}",
    "dossier.meetings": "Gesprekken",
    "dossier.outcome_reason": "Reden van de afloop",
    "cli.due": "de evaluaties die te laat zijn of binnenkort moeten, één per regel",
    "cli.weeks": "hoeveel weken vooruit; standaard: {default}",
    "cli.calendar": "de geplande evaluaties als iCalendar-bestand (.ics) voor elke agenda",
    "cli.calendar_output": "het .ics-bestand dat geschreven wordt",
    "cli.calendar_written": "{count} evaluatie(s) geschreven in {path}",
    "cli.report": "overzichten over alle stages heen",
    "cli.report_workplaces": (
        "de kwaliteit van de leerwerkplekken per organisatie en team, en per kwartaal"
    ),
    "cli.since": "alleen gesprekken op of na deze datum (2025-08-01 of 1-8-2025)",
    "cli.export_placement": "alle gesprekken van één stage als één document",
    "cli.export_all": "elk gesprek als een eigen bestand, in de map van --dir",
    "cli.export_dir": "de map voor --all; ontbreekt alleen de map zelf, dan wordt die gemaakt",
    "cli.exported_all": "{count} verslag(en) geschreven in {path}",
    "error.bad_date": "‘{value}’ is geen datum: schrijf bijvoorbeeld 2025-08-01 of 1-8-2025.",
    "error.bad_weeks": "Het aantal weken is 0 of meer.",
    "error.no_placement": "Er is geen stage met nummer {id}.",
    "error.not_a_directory": "{path} is geen map.",
    "error.only_with": "{option} kan alleen samen met {other}.",
    "error.all_needs_dir": "--all schrijft één bestand per gesprek in een map: geef die met --dir (niet -o).",
    "error.json_one_meeting": "--format json is er voor één gesprek of voor --student; kies md of html.",
    "error.calendar_needs_output": "Geef het bestand voor de agenda met -o, bijvoorbeeld -o evaluaties.ics.",
}
