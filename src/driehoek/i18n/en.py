"""English: the interface on request (`--lang en`)."""

MESSAGES: dict[str, str] = {
    # The app
    "app.title": "driehoek",
    "app.subtitle": "the three-way meeting: student, workplace and school",
    # Parties and their roles
    "party.student": "student",
    "party.workplace": "workplace",
    "party.school": "school",
    "role.student": "student",
    "role.workplace": "workplace supervisor",
    "role.school": "school supervisor",
    "pathway.BOL": "BOL",
    "pathway.BBL": "BBL",
    "kind.intake": "intake",
    "kind.evaluation": "quarterly evaluation",
    "placement_status.planned": "planned",
    "placement_status.running": "running",
    "placement_status.completed": "completed",
    "placement_status.ended_early": "ended early",
    "placement_status.not_started": "not started",
    # The six factors (Blokhuis, 2004)
    "factor.involvement": "Involvement and influence",
    "factor.experiment": "Room to experiment",
    "factor.support": "Support, feedback and reflection",
    "factor.variation": "Variation",
    "factor.autonomy": "Task autonomy",
    "factor.information": "Task information",
    "question.involvement": (
        "Is the student actively involved in the team's activities, and can she influence them?"
    ),
    "question.experiment": (
        "May she apply the theory from school, try things, and reflect on it with colleagues?"
    ),
    "question.support": (
        "Do colleagues support each other, give regular feedback "
        "and reflect together on their work?"
    ),
    "question.variation": (
        "Is there variety in tasks and in ways of doing them, e.g. trying "
        "different methods and studying their effect?"
    ),
    "question.autonomy": "How far can she decide herself how to carry out an activity?",
    "question.information": (
        "Is it clear how the placement is organised, what is expected of her, "
        "and by which criteria success is judged?"
    ),
    "question.learning": "Does the student get round to learning?",
    "question.time": "Is there enough time for supervision and reflection?",
    "question.supervision": "How is the supervision going, at the workplace and at school?",
    "question.attention": "What needs extra attention, during the work or on the return day?",
    "disposition.done": "kept",
    "disposition.carry": "carry forward",
    "disposition.drop": "drop",
    "disposition.none": "to choose",
    "continuation.continue": "continue",
    "continuation.adjust": "continue with adjustments",
    "continuation.end": "end the placement",
    "step.open_agreements": "Agreements",
    "step.questions": "Questions",
    "step.progress": "Progress",
    "step_title.open_agreements": "What became of the agreements?",
    "step_title.questions": "The four questions",
    "step_title.progress": "Progress per learning goal",
    "step_hint.open_agreements": "Each open agreement gets a disposition: kept, carry forward or drop (with a reason). Space or → chooses.",
    "step_hint.questions": "Answer each question; per party where that helps.",
    "step_hint.progress": "How is each learning goal coming along?",
    "step_title.new_agreements": "New agreements",
    "step_hint.new_agreements": "What do you agree now? Each agreement has one owner.",
    "step_title.continuation": "Decision",
    "step_hint.continuation": "Does the placement go on as agreed, with adjustments, or does it end?",
    "need.disposition": "{count} open agreement(s) without a disposition.",
    "need.disposition_reason": "{count} agreement(s) lack a reason.",
    "need.question.learning": "Question 1 (getting round to learning) is not answered yet.",
    "need.question.time": "Question 2 (time for supervision and reflection) is not answered yet.",
    "need.question.supervision": "Question 3 (how supervision goes) is not answered yet.",
    "need.question.attention": "Question 4 (what needs extra attention) is not answered yet.",
    "need.progress": "{count} learning goal(s) lack progress.",
    "need.continuation": "There is no decision about what follows yet.",
    "field.made_on": "Made",
    "field.carried": "carried {count}×",
    "field.disposition": "Disposition",
    "field.reason": "Reason",
    "field.reason_placeholder": "why?",
    "field.progress_placeholder": "how it goes",
    "field.answer_placeholder": "answer",
    "field.changed": "was {status}",
    "field.no_open_agreements": "No agreements are open any more.",
    "field.no_goals": "No learning goals have been recorded yet.",
    "meeting.close_first": "First give each open agreement a disposition; then everyone can sign off.",
    "minutes.reviews": "Earlier agreements",
    "minutes.questions": "The four questions",
    "minutes.progress": "Progress per learning goal",
    "minutes.changes": "What changed since last time",
    "minutes.no_changes": "No factor changed.",
    "minutes.changed_from": "{factor}: {before} → {after}",
    "minutes.new_agreements": "New agreements",
    "minutes.continuation": "What follows",
    "minutes.made_on": "made {date}",
    "minutes.carried": "carried {count}×",
    "minutes.goal": "Learning goal",
    "minutes.progress_of": "Progress",
    "factor_status.not_discussed": "not discussed",
    "factor_status.present": "present",
    "factor_status.absent": "absent",
    "factor_status.realisable": "realisable",
    "way.doing": "by doing",
    "way.watching": "by watching",
    "way.feedback": "with feedback",
    "way.reading": "by reading",
    "way.reflecting": "by reflecting",
    "support_kind.visit": "supervision visit",
    "support_kind.return_day": "return day",
    "support_kind.assignment": "assignment",
    "support_kind.intervision": "intervision",
    "support_kind.contact": "contact moment",
    "support_kind.other": "other",
    "agreement_kind.work": "work agreement",
    "agreement_kind.supervision": "supervision agreement",
    "agreement_kind_short.work": "work",
    "agreement_kind_short.supervision": "supervision",
    "agreement_status.open": "open",
    "agreement_status.done": "kept",
    "agreement_status.dropped": "dropped",
    "decision.suitable": "suitable",
    "decision.conditions": "suitable with conditions",
    "decision.not_suitable": "not suitable",
    # Steps
    "step.participants": "Participants",
    "step.learning": "Learning",
    "step.workplace": "Workplace",
    "step.support": "School",
    "step.agreements": "Agreements",
    "step.decision": "Decision",
    "step.review": "Sign-off",
    "step_title.participants": "Participants and placement",
    "step_title.learning": "What the student wants to learn and how she learns",
    "step_title.workplace": "The learning workplace: six factors",
    "step_title.support": "Support from school",
    "step_title.agreements": "Work and supervision agreements",
    "step_title.decision": "Decision",
    "step_title.review": "Review and sign-off",
    "step_hint.participants": (
        "Who is at the table, and which placement is this? Fill in a name for each party."
    ),
    "step_hint.learning": (
        "What does the student want to learn, and how does she learn best? One goal per line."
    ),
    "step_hint.workplace": (
        "For each factor press + present, - absent, ~ realisable or ? not discussed. "
        "Turn an absent or realisable factor into an agreement with ^t."
    ),
    "step_hint.support": "What does the school offer to support learning at the workplace?",
    "step_hint.agreements": "What do you agree, who owns it, and by when or how often?",
    "step_hint.decision": "Is this a good learning place for this student?",
    "step_hint.review": "Read the minutes together; each party signs off.",
    "step.done": "done",
    "step.current": "current step",
    # What a step still needs
    "need.participant.student": "The student's name is missing.",
    "need.participant.workplace": "Nobody from the workplace is filled in.",
    "need.participant.school": "Nobody from school is filled in.",
    "need.programme": "The placement's programme is missing.",
    "need.goal": "There is no learning goal yet.",
    "need.learning_way": "How the student learns has not been discussed.",
    "need.factors": "{count} of the six factors not discussed yet.",
    "need.support": "No support from school recorded yet.",
    "need.agreement": "No agreement made yet.",
    "need.decision": "There is no decision yet.",
    "need.reasons": "This decision needs reasons.",
    "need.next_evaluation": "The date of the next evaluation is missing.",
    "need.signoff.student": "The student has not signed off yet.",
    "need.signoff.workplace": "The workplace has not signed off yet.",
    "need.signoff.school": "The school has not signed off yet.",
    "review.complete": "Everything is recorded and all three have signed off.",
    "review.open": "Still open:",
    # Fields
    "field.meeting_date": "Meeting date",
    "field.organisation": "Organisation",
    "field.team": "Team / location",
    "field.programme": "Programme",
    "field.pathway": "Pathway",
    "field.start": "Placement start",
    "field.end": "Placement end",
    "field.name": "Name",
    "field.role": "Role",
    "field.party": "Party",
    "field.goals": "Learning goals",
    "field.goal_placeholder": "A learning goal, e.g.: lead a group activity on her own",
    "field.ways": "How the student learns",
    "field.learning_note": "Notes",
    "field.note": "Notes",
    "field.status": "Status",
    "field.kind": "Kind",
    "field.what": "Agreement",
    "field.who": "Who",
    "field.when": "When",
    "field.when_placeholder": "date or e.g. weekly",
    "field.support_placeholder": "What the school does, e.g.: visit in week 6",
    "field.decision": "Decision",
    "field.reasons": "Reasons",
    "field.next_evaluation": "Next evaluation",
    "field.date_placeholder": "dd-mm-yyyy",
    "field.signed": "signed off",
    "field.not_signed": "not signed off",
    "field.sign_name": "Name for sign-off",
    "field.from_factor": "from factor: {factor}",
    "field.empty_list": "Nothing yet. Press ^t to add.",
    # Keys (footer, palette, help)
    "key.help": "Help",
    "cmd.help": "Help and keys",
    "cmd.help.help": "The keys of this screen, and how a meeting goes",
    "help.title": "Help",
    "help.keys": "Keys here",
    "help.key_tab": "to the next field (Shift+Tab: the previous one)",
    "help.key_choice": "on a choice such as ‹workplace›: the next one (← the previous)",
    "help.key_factor": "in the list of factors: present, absent, realisable, not discussed",
    "help.key_goto": "straight to step 1 to 7",
    "help.key_present": "present on a shared screen; the step only (again: back)",
    "help.guide_title": "How a meeting goes",
    "help.guide": (
        "Student, workplace and school sit at one table; you share the screen.\n\n"
        "The intake, before the placement: who is at the table and which placement this is; "
        "what the student wants to learn and how she learns; for each factor of the learning "
        "workplace whether it is present, absent or realisable; what the school offers; the "
        "agreements, each with one owner; the decision; and finally everyone reads the "
        "minutes and signs off.\n\n"
        "Every quarter the evaluation: what became of the open agreements, the four "
        "questions, progress per learning goal, what changed at the workplace, new "
        "agreements and what follows.\n\n"
        "Everything is saved as you type. Ctrl+N and Ctrl+B go a step on or back, Ctrl+G "
        "jumps to a step, Ctrl+T adds a line, Ctrl+R shows the minutes and Ctrl+S saves them "
        "as a file. Ctrl+P opens the menu with everything there is."
    ),
    "key.presenting": "Present",
    "key.focus_mode": "Step only",
    "cmd.presenting": "Present (shared screen)",
    "cmd.presenting.help": "The step stands out; on a wide screen the minutes beside it (F2)",
    "cmd.focus_mode": "Show the step only",
    "cmd.focus_mode.help": "Hide the heading, hint and keys (F3)",
    "key.quit": "Quit",
    "key.palette": "Menu",
    "key.next_step": "Next",
    "key.previous_step": "Back",
    "key.goto_step": "Step…",
    "key.add": "New",
    "key.minutes": "Minutes",
    "key.export": "Export",
    "key.home": "List",
    "key.new_evaluation": "Evaluation",
    "key.new_agreement": "Agreement",
    "key.new_intake": "New intake",
    "key.open": "Open",
    "key.search": "Search",
    "key.close": "Close",
    "key.cancel": "Cancel",
    "key.confirm": "Confirm",
    "key.delete_item": "Delete line",
    "key.agreement_from_factor": "Make agreement",
    "key.sign": "Sign off",
    # Palette commands
    "cmd.next_step": "Next step",
    "cmd.next_step.help": "Go to the next step of the meeting",
    "cmd.previous_step": "Previous step",
    "cmd.previous_step.help": "Go back to the previous step",
    "cmd.goto_step": "Go to step {number}: {step}",
    "cmd.goto_step.help": "Jump straight to this step",
    "cmd.add": "Add in this step",
    "cmd.add.help": "Add a participant, learning goal, support item or agreement",
    "cmd.minutes": "Show minutes",
    "cmd.minutes.help": "The minutes as they stand now, as a preview",
    "cmd.export": "Export minutes",
    "cmd.export.help": "Save the minutes as a Markdown file",
    "cmd.home": "Go to the overview",
    "cmd.home.help": "Back to the list of placements and meetings",
    "cmd.new_evaluation": "New quarterly evaluation",
    "cmd.new_evaluation.help": "Evaluate the chosen placement with the triangle",
    "cmd.new_intake": "New intake",
    "cmd.new_intake.help": "Start a new placement with an intake meeting",
    "cmd.workplaces": "Quality of the learning workplaces",
    "cmd.workplaces.help": "Per organisation and team: the six factors over the years, and how placements ended",
    "cmd.quit": "Quit",
    "cmd.quit.help": "Close driehoek; everything is already saved",
    "cmd.keys": "Keys",
    "cmd.keys.help": "Show all keys of this screen",
    "cmd.theme": "Colour theme",
    "cmd.theme.help": "Choose another colour theme",
    "cmd.delete_item": "Delete line",
    "cmd.delete_item.help": "Delete the learning goal, participant, support item or agreement here",
    "palette.placeholder": "Search for a command…",
    "palette.no_matches": "No matches found",
    # Home screen
    "home.search_placeholder": "Find a student or organisation (a few letters)",
    "home.placements": "Placements",
    "home.meetings": "Meetings of this placement",
    "home.col.student": "Student",
    "home.col.organisation": "Organisation",
    "home.col.programme": "Programme",
    "home.col.status": "Status",
    "home.col.next": "Next",
    "home.col.date": "Date",
    "home.col.kind": "Meeting",
    "home.col.decision": "Decision",
    "home.col.signed": "Signed",
    "home.not_started": "This placement did not start; there is nothing to evaluate.",
    "placement.title": "Placement",
    "placement.outcome": "Outcome",
    "placement.cadence": "Evaluate every",
    "placement.months": "months",
    "placement.outcome_reason": "Reason for outcome",
    "placement.meetings": "Meetings (Enter opens)",
    "placement.agreements": "Agreements per party",
    "placement.factors": "The six factors over time",
    "placement.legend": "+ present, - absent, ~ realisable, ? not discussed",
    "placement.no_agreement": "No agreement at all for: {parties}.",
    "placement.days": "{n} days",
    "placement.intake_short": " (intake)",
    "key.placement": "Placement",
    "cmd.placement": "View placement",
    "cmd.placement.help": "Meetings, agreements per party and factors over time",
    "home.due": "To plan: {late} evaluation(s) overdue (!), {soon} within four weeks.",
    "home.nothing_due": "No evaluations overdue or due within four weeks.",
    "home.empty": "No placements yet. Press ^n for a new intake.",
    "home.no_match": "No student or organisation found for ‘{query}’.",
    "home.no_meetings": "This placement has no meetings yet.",
    "home.signed": "{count}/3",
    # New intake dialog
    "new.title": "New intake",
    "new.student": "Student's name",
    "new.organisation": "Organisation (workplace)",
    "new.start": "Start",
    "new.need_student": "Fill in the student's name.",
    "new.need_organisation": "Fill in the organisation.",
    # Meeting screen
    "meeting.heading": "{kind} {date} · {student} · {organisation}",
    "meeting.saved": "Saved",
    "meeting.from_factor_needs_status": (
        "Agreements are made from a factor that is absent or realisable."
    ),
    "meeting.agreement_made": "Agreement made for the {owner}: {factor}",
    "meeting.nothing_to_add": "There is nothing to add in this step.",
    "meeting.nothing_to_delete": "Put the cursor on a line to delete it.",
    "meeting.deleted": "Line deleted.",
    "conflict.title": "Changed meanwhile by {who}: {what}",
    "conflict.keep_theirs": "put theirs back",
    "conflict.keep_mine": "use yours",
    # Conflicts: both versions kept (the notice under the step, the history, other sessions)
    "conflict.removed": "Removed meanwhile: {what}",
    "conflict.someone": "someone else",
    "conflict.theirs_in_place": "The meeting holds: ‘{text}’. What you typed is kept aside.",
    "conflict.yours_kept": "What you typed is kept aside.",
    "conflict.yours_in_place": "Your version is in the meeting now; {who}'s is kept aside.",
    "conflict.back": "The line is back in the meeting, with your text.",
    "conflict.keys": "Ctrl+O: {choice} · every version: History (Ctrl+P)",
    "conflict.gone": "That version is no longer there: someone else has put it back already.",
    "key.swap_versions": "Swap versions",
    "cmd.swap_versions": "Swap versions",
    "cmd.swap_versions.help": "Put the version kept aside back; what was there is kept aside",
    "meeting.aside_yours": "{who} chose another version of {what}; yours is kept aside (History).",
    "meeting.aside_theirs": "{who} typed in {what} at the same time; that version is kept aside (History).",
    "entity.set_aside": "kept version",
    "action.put_back": "put back",
    "history.asides": "Versions kept aside: Enter puts the chosen one back, and keeps what was there aside.",
    "history.col.by": "By",
    "history.col.version": "Version",
    "history.put_back": "Put back; the version that was there is kept aside.",
    "key.put_back": "Put back",
    "entity.organisations": "organisation",
    "entity.students": "student",
    "entity.placements": "placement",
    "entity.meetings": "meeting",
    "entity.participants": "participant",
    "entity.goals": "learning goal",
    "entity.factors": "factor",
    "entity.support": "support",
    "entity.agreements": "agreement",
    "entity.sign_offs": "sign-off",
    "action.create": "created",
    "action.change": "changed",
    "action.delete": "deleted",
    "action.export": "exported",
    "action.erase": "erased",
    "action.import": "imported",
    "history.title": "History of this meeting",
    "history.hint": "Who did what, when (this log never keeps the content itself).",
    "history.col.at": "When",
    "history.col.who": "Who",
    "history.col.action": "What",
    "history.col.what": "Part",
    "history.empty": "No history yet.",
    "cmd.history": "History",
    "cmd.history.help": "Put back versions kept aside; who did what to this meeting, and when",
    "meeting.remote_change": "Updated with changes from another session.",
    "meeting.goto_title": "Go to step",
    "meeting.goto_hint": "Press the step's number, or choose with the arrows and Enter.",
    "meeting.bad_date": "‘{text}’ is not a date. Write e.g. 1-12-2026.",
    "meeting.need_date": "A date is needed here, e.g. 1-12-2026.",
    "meeting.sign_first_name": "Fill in the name under Participants first.",
    # Minutes, export
    "minutes.title": "Minutes of the {kind}: {student}",
    "minutes.preview_title": "Minutes (preview)",
    # Following a meeting read-only (follow branch): driehoek follow, driehoek share, the
    # follow-only SSH login and the read-only link of driehoek serve.
    "follow.meeting": "{kind} · {student} · {day}",
    "follow.heading": "Following · {meeting}",
    "follow.loading": "Reading the minutes…",
    "follow.draft": "Draft, signed by {signed} of 3",
    "follow.all_signed": "Signed by all three",
    "follow.updated": "updated at {time}",
    "follow.signed_ended": "Signed by all three: the final minutes. Following has ended.",
    "follow.stopped": "Following this meeting has been stopped.",
    "follow.gone": "This meeting is no longer there.",
    "follow.waiting": "The minutes cannot be read right now ({detail}); driehoek will try again shortly.",
    "follow.footer": "Read-only · ↑↓ PgUp PgDn scroll · F1 help · Ctrl+Q quit",
    "follow.key_back": "Back to the list",
    "follow.key_back_help": "back to the list (if you came from there)",
    "follow.key_scroll": "scroll through the minutes",
    "follow.help_title": "Following",
    "follow.help": (
        "This screen shows the minutes of one meeting as they are written: what a coordinator "
        "saves appears here within a second. It is for reading only: driehoek opens the database "
        "here in a way that no key can change anything in it."
    ),
    "follow.choose_title": "Choose the meeting to follow",
    "follow.choose_footer": "↑↓ choose · Enter follow · Ctrl+Q quit",
    "follow.ssh_command": (
        "This login shows only meetings shared with you; commands, sftp and scp are not possible "
        "here. Log in with ssh -t, optionally followed by the meeting's number."
    ),
    "follow.meeting_needed": "Give the meeting's number: driehoek follow NUMBER (see driehoek list).",
    "follow.not_shared": "Meeting {id} is not shared with you, or following it has ended.",
    "follow.nothing_shared": "No meeting is shared with you at the moment.",
    "follow.share_ended": "Following through this link has ended.",
    "error.outdated": (
        "{path} has not been brought up to date for this version of driehoek yet; that happens "
        "as soon as a coordinator starts driehoek. The file was not touched."
    ),
    "cli.follow": "show a meeting's minutes as they are written, read-only: no key changes anything",
    "cli.follow_shared": (
        "only meetings shared with this account (driehoek share --account): the meeting from "
        "ssh -t host NUMBER, else the only one, else a choice on the screen"
    ),
    "cli.share": "let someone follow a meeting read-only: with a link for driehoek serve, or with an account over SSH",
    "cli.share_account": "share with this account (a follow-only login, docs/ssh.md) instead of with a link",
    "cli.share_public_url": "the address of driehoek serve that the link starts with (default {default})",
    "cli.share_stop": "stop following this meeting: every link and account",
    "cli.share_list": "show what is shared now",
    "share.link": "Link to follow meeting {id} ({meeting}), valid until all three have signed (to stop: driehoek share {id} --stop):",
    "share.account": (
        "Meeting {id} ({meeting}) is shared with the account {account} until all three have "
        "signed (to stop: driehoek share {id} --stop); to follow: ssh -t {account}@SERVER {id}"
    ),
    "share.stopped": "Stopped following meeting {id}; links and accounts stopped: {count}.",
    "share.none": "Nothing is shared.",
    "share.line": "meeting {id} ({meeting}): {who}, since {since}, by {by}",
    "share.who_link": "link",
    "share.who_account": "account {account}",
    "share.signed": "Meeting {id} has been signed by all three; there is nothing left to follow.",
    "share.bad_account": "‘{account}’ is not an account on this server.",
    "share.meeting_needed": "Give the meeting's number (or --list).",
    "entity.shares": "following",
    "serve.follow_title": "driehoek · following",
    "serve.follow_ended_title": "Following has ended",
    "serve.follow_ended": (
        "Following this meeting has ended: the minutes have been signed by all three, or sharing "
        "was stopped."
    ),
    "serve.follow_full": "This link is open in {limit} windows already. Close one and reload the page.",
    "minutes.date": "Date",
    "minutes.placement": "Placement",
    "minutes.programme": "Programme",
    "minutes.period": "Period",
    "minutes.period_value": "{start} to {end}",
    "minutes.status": "Placement status",
    "minutes.participants": "Participants",
    "minutes.learning": "Learning",
    "minutes.goals": "Learning goals",
    "minutes.ways": "How the student learns",
    "minutes.workplace": "The learning workplace",
    "minutes.factor": "Factor",
    "minutes.support": "Support from school",
    "minutes.agreements": "Agreements",
    "minutes.decision": "Decision",
    "minutes.reasons": "Reasons",
    "minutes.next_evaluation": "Next evaluation",
    "minutes.signoff": "Sign-off",
    "minutes.signed_on": "signed off on {date}",
    "minutes.not_signed": "not signed off yet",
    "minutes.nothing": "Nothing recorded.",
    "minutes.unknown": "unknown",
    "minutes.open": "Still open",
    "export.title": "Export minutes",
    "export.save": "Save",
    "export.failed": "Could not write {path}: {reason}",
    "export.need_path": "Fill in a file name.",
    # Exports and settings (issue 9): a new file in the exports folder, or a download;
    # the command line's refusals; the settings file.
    "export.folder": "Folder: {path}",
    "export.download": "Your browser downloads the file; nothing is kept on the server.",
    "export.name": "File name (.md, .html or .json)",
    "export.saved": "Minutes saved to {path}",
    "export.saved_as": "{name} existed already; the minutes are in {path}",
    "export.downloading": "Your browser downloads the minutes as {name}",
    "refused.not_a_name": "‘{path}’ is not a file name: a name only, without a folder or /; the file goes into the folder above.",
    "refused.hidden": "‘{path}’ starts with a dot; choose a name that is not hidden.",
    "refused.suffix": "‘{path}’: the name must end in .md (Markdown), .html (web page) or .json.",
    "refused.too_long": "‘{path}’ is too long for a file name; choose a shorter one.",
    "refused.control": "‘{path}’ holds characters that do not belong in a file name.",
    "refused.database": "{path} is the database or a file that belongs to it; choose another name. Nothing was written.",
    "refused.symlink": "{path} is a symbolic link; driehoek does not write through a link. Nothing was written.",
    "refused.folder_symlink": "The folder {path} is a symbolic link; driehoek does not write into it. Nothing was written.",
    "refused.folder_missing": "The folder above {path} does not exist (exports_folder, see driehoek settings). Nothing was written.",
    "refused.not_a_folder": "{path} is not a folder. Nothing was written.",
    "refused.too_many": "There are 999 files named {path} already; choose another name.",
    "settings.where": "{file}",
    "settings.where_line": "{file}, line {line}",
    "settings.unreadable": "{where}: cannot be read ({value}); the default settings apply.",
    "settings.syntax": "{where}: not valid TOML (‘{value}’); the default settings apply.",
    "settings.unknown_key": "{where}: unknown setting ‘{key}’ (known: language, theme, exports_folder, [keys]); it is ignored.",
    "settings.not_text": "{where}: ‘{key}’ must be text in quotes; the default applies.",
    "settings.not_a_table": "{where}: ‘{key}’ must be a table ([keys]); the default keys apply.",
    "settings.bad_language": "{where}: language = ‘{value}’ does not exist, choose nl or en; the default applies.",
    "settings.unknown_theme": "{where}: theme = ‘{value}’ does not exist; the default theme applies (choose one in the menu, Ctrl+P).",
    "settings.unknown_binding": "{where}: ‘{key}’ is not a driehoek key (driehoek settings lists them all); it is ignored.",
    "settings.empty_keys": "{where}: ‘{key}’ has no key; the default key applies.",
    "settings.no_parent": "{where}: the folder above exports_folder = ‘{value}’ does not exist; the default folder applies.",
    "settings.theme_not_saved": "The theme was not saved in {path}: {reason}",
    "settings.broken": "the file has an error",
    "settings.file": "Settings file: {path} ({state})",
    "settings.exists": "exists",
    "settings.missing": "does not exist: everything is at its default",
    "settings.source.default": "default",
    "settings.source.file": "settings file",
    "settings.source.environment": "environment",
    "settings.source.command_line": "command line",
    "cli.settings": "show where the settings file is, and every setting in force with where it came from",
    # Errors (command line and app)
    "error.missing": "There is no database {path}.",
    "error.no_directory": "The folder of {path} does not exist. Create it first.",
    "error.not_writable": "Cannot write {path} (read-only or no access).",
    "error.not_sqlite": "{path} is not an SQLite database; the file was not touched.",
    "error.foreign": (
        "{path} is another program's database, not driehoek's; the file was not touched."
    ),
    "error.newer": (
        "{path} comes from a newer version of driehoek; please upgrade. The file was not touched."
    ),
    "error.unreadable": "Cannot read {path}: {detail}",
    "error.no_meeting": "There is no meeting with number {id}.",
    "error.write_output": "Cannot write {path}: {reason}",
    "error.no_student": "There is no student ‘{student}’.",
    "error.ambiguous_student": "Several students are called ‘{student}’ (numbers {ids}); give the number.",
    "error.backup_exists": "{path} exists already; a copy never overwrites anything.",
    "error.bad_dossier": "{path} is not a dossier driehoek can read: {detail}",
    # Import: a dossier checked whole before the first write (one line per problem)
    "error.bad_dossier_many": "{path} is not a dossier driehoek can read; nothing was imported ({count} problems):",
    "dossier.more": "… and {count} more",
    "dossier.not_json": "not JSON ({detail})",
    "dossier.too_big": "larger than {max} MiB; no dossier is that large",
    "dossier.not_a_dossier": "not a driehoek dossier (export --student)",
    "dossier.format_version": "dossier format {version}; this driehoek reads format 1",
    "dossier.missing": "missing",
    "dossier.unknown_field": "unknown field",
    "dossier.not_text": "not text: {value}",
    "dossier.not_whole_number": "not a whole number: {value}",
    "dossier.not_list": "not a list: {value}",
    "dossier.not_object": "not an object: {value}",
    "dossier.too_small": "less than {min}: {value}",
    "dossier.too_large": "more than {max}: {value}",
    "dossier.too_long": "too long: {length} characters, at most {max}",
    "dossier.too_many": "too many: {count}, at most {max}",
    "dossier.not_one_of": "not one of {allowed}: {value}",
    "dossier.not_a_date": "not a date (YYYY-MM-DD): {value}",
    "dossier.not_a_moment": "not a date and time with a time zone: {value}",
    "dossier.blank": "empty",
    "dossier.marked_invalid": "could not be read when exported ({fields}); correct it in driehoek and export again",
    "dossier.duplicate_id": "number {id} occurs twice",
    "dossier.duplicate": "{value} occurs twice",
    "dossier.factor_missing": "factor {factor} is missing; every meeting has all six",
    "dossier.unknown_goal": "learning goal {id} is not earlier in this dossier",
    "dossier.unknown_agreement": "agreement {id} is not earlier in this dossier",
    "dossier.refused_by_database": "the database refuses it: {detail}",
    "dossier.other": "{detail}",
    # Values a file holds that driehoek cannot read (an old import, a hand edit)
    "value.invalid_date": "invalid date",
    "value.invalid_short": "invalid",
    "meeting.invalid": "Part of this meeting cannot be read ({fields}); ‘driehoek check’ lists it. Everything else works.",
    "action.put_aside": "set aside",
    "check.unreadable": "values driehoek can read",
    "check.unreadable_line": "{table} {id}, {column}: {what}",
    "check.unreadable_more": "… and {count} more",
    "check.expected.day": "not a date: {value}",
    "check.expected.moment": "not a date and time: {value}",
    "check.expected.choice": "unknown value: {value}",
    "check.expected.missing": "empty",
    "check.expected.missing_put_aside": "empty; set aside when driehoek was upgraded: {value}",
    "error.retention_years": "The retention period is at least 1 year.",
    "error.world_readable": (
        "{path} is readable by everyone and holds personal data; "
        "make it private first (chmod o-rwx), then start again."
    ),
    "error.full": "The disk is full: cannot write {path}; nothing was changed. Free some space and try again.",
    "error.disk_full": "The disk is full: your change is not saved yet. Free some space.",
    "error.disk_full_undone": "The disk is full: this did not happen, and nothing was changed. Free some space and try again.",
    "error.export_what": "Give exactly one of: a meeting number, --student, --placement or --all.",
    "error.student_json": "A student's dossier only comes as JSON: --format json.",
    "error.busy": "The database is busy; please try again in a moment.",
    "error.crash": (
        "driehoek stopped after an unexpected error. What you typed was saved as you typed "
        "it. Details for the administrator: {log}"
    ),
    # Terminal and crashes (terminal branch): the app needs a terminal; a forced SSH login
    # runs driehoek only; an unexpected error outside the screen.
    "error.no_terminal": (
        "driehoek needs a terminal; start it in a terminal window "
        "(over SSH: plain ssh, without -T and without a command)."
    ),
    "error.ssh_command": (
        "This login runs driehoek only; commands, sftp and scp are not possible here. "
        "Log in with plain ssh, without a command."
    ),
    "error.crash_command": (
        "driehoek stopped after an unexpected error. Details for the administrator: {log}"
    ),
    # Command line
    "cli.description": (
        "driehoek guides the three-way meeting between student, workplace and school."
    ),
    "cli.db": "the database file (or set DRIEHOEK_DB); default: {default}",
    "cli.lang": "language of the screen and the minutes: nl (default) or en",
    "cli.demo": "create a database with invented examples and open driehoek on it",
    "cli.list": "list the meetings, one per line",
    "cli.json": "as JSON",
    "cli.export": "export minutes: of one meeting, of a whole placement or of every meeting (Markdown, HTML or JSON)",
    "cli.meeting_id": "the meeting's number (see driehoek list)",
    "cli.format": "md (minutes, default), html (a printable page) or json (all data)",
    "cli.output": "write to this file instead of the screen",
    "cli.backup": "make a consistent copy of the database, also while others work",
    "cli.backup_file": "the new file for the copy (an existing file is never overwritten)",
    "cli.backup_done": "Copy made: {path} ({size}).",
    "cli.check": "check that the database is whole and sound",
    "cli.check_ok": "ok",
    "cli.check_problem": "PROBLEM",
    "check.integrity": "consistency of the file (integrity_check)",
    "check.foreign_keys": "references between tables",
    "check.application_id": "a driehoek file",
    "check.schema": "version of the layout",
    "check.search_index": "search index",
    "check.wal": "write-ahead log (-wal): nothing left of erased students",
    # -- the database file: damage, full disk, check, audit chain (dbfile) --
    "check.audit_chain": "audit trail: hash chain",
    "check.audit_triggers": "audit trail: the triggers that write and guard it",
    "check_detail.audit_no_table": "the audit table is missing",
    "check_detail.audit_no_column": "the audit table has no hash chain",
    "check_detail.audit_broken": (
        "broken at row {id}: that row was changed, or a row just before it was removed or "
        "slipped in"
    ),
    "check_detail.audit_whole": "{rows} rows, newest #{id}, hash {hash}",
    "check_detail.audit_empty": "still empty",
    "check_detail.trigger_missing": "missing: {names}",
    "check_detail.trigger_changed": "changed: {names}",
    "check_detail.trigger_added": "added: {names}",
    "check_detail.erasure_owed": (
        "still holds data of an erased student, as another session is still reading; run "
        "check again once it has stopped"
    ),
    "cli.check_read_only": "{path} is damaged; it was only read, not changed.",
    "error.damaged": (
        "{path} is damaged; nothing in it was changed. See what is wrong with ‘driehoek "
        "check’, and restore a backup."
    ),
    "error.damaged_app": (
        "The database {path} is damaged; what you typed last may not have been saved. See "
        "what is wrong with ‘driehoek check’, and restore a backup."
    ),
    "cli.erased_not_rewritten": (
        "Student {id} is erased, with {meetings} meeting(s), but the file is not rewritten "
        "yet ({reason}): traces of her may still be in it. Run ‘driehoek check’ as soon as "
        "you can; it finishes the erasure."
    ),
    "cli.purge_stopped": (
        "{done} of the {count} dossier(s) erased; then it failed ({reason}). The others were "
        "not touched: try again once that is solved."
    ),
    "cli.purge_not_rewritten": (
        "The file is not rewritten yet ({reason}): traces of the erased students may still "
        "be in it. Run ‘driehoek check’ as soon as you can; it finishes the erasure."
    ),
    "reason.full": "the disk is full; free some space first",
    "reason.busy": "the database was busy too long",
    "reason.damaged": "the file is damaged",
    "reason.other": "the file could not be written",
    # -- end of dbfile --
    "cli.import": "read in a dossier (the JSON of export --student)",
    "cli.import_file": "the dossier file",
    "cli.imported": "Dossier read in: student {id}, {placements} placement(s), {meetings} meeting(s).",
    "cli.erase": "erase a student with all her placements and meetings, without a trace",
    "cli.student": "the student's name or number",
    "cli.yes": "do not ask for confirmation",
    "cli.needs_yes": "This erases data and asks for confirmation; outside a terminal, add --yes.",
    "cli.confirm_erase": "Type the name ‘{name}’ to erase everything about this student: ",
    "cli.not_erased": "Nothing erased.",
    "cli.erased": "Student {id} erased, with {meetings} meeting(s).",
    "cli.wal_busy": (
        "Another session is still reading; the log file is emptied by the first driehoek "
        "started after it stops (driehoek check does so, and confirms it)."
    ),
    "cli.purge": "erase dossiers whose retention period is over",
    "cli.dry_run": "only show what would be erased",
    "cli.years": "retention in years for this run (otherwise the setting)",
    "cli.expired": "{id:>5}  {name}  last placement ended {ended}, keep until {until}",
    "cli.nothing_expired": "No dossiers older than the retention period ({years} years).",
    "cli.dry_run_done": "{count} dossier(s) would be erased (dry run: nothing erased).",
    "cli.confirm_purge": "Erase {count} dossier(s)? Type ‘yes’: ",
    "cli.yes_word": "yes",
    "cli.purged": "{count} dossier(s) erased.",
    "cli.retention": "show or set the retention period (years after the last placement ended)",
    "cli.retention_years": "the new number of years",
    "cli.retention_now": "Retention: {years} years after the last placement ended.",
    "cli.export_student": "everything about one student (right of access), as JSON",
    "cli.no_meetings": "No meetings yet.",
    "cli.written": "Written: {path}",
    "cli.serve": (
        "show driehoek in a browser (textual-serve), to whoever has the secret link it prints; "
        "on 127.0.0.1, or behind the school's login proxy"
    ),
    "cli.host": "the address the server listens on; default: {default} (this computer only)",
    "cli.port": "the port; default: {default}",
    "cli.public_url": (
        "the address the browser uses to reach the server, if it is another one "
        "(behind a proxy, e.g. https://intranet.school.example/driehoek)"
    ),
    # Serving in a browser
    "serve.serving": "driehoek in the browser: {url}  (this link is the password; Ctrl+C stops)",
    "serve.open_warning": (
        "Warning: driehoek listens on {host}:{port}, not only on this computer, and without "
        "https: whoever can see the traffic sees the link and the cookie. Put it behind the "
        "school's login proxy, which speaks https, and let driehoek listen on 127.0.0.1."
    ),
    "serve.cannot_listen": "Cannot listen on {host}:{port}: {reason}",
    "serve.bad_public_url": "{url} is not an address that starts with http:// or https://.",
    "serve.bad_port": "{value} is not a port: choose a number from 1 to 65535.",
    # Serving in a browser: who gets in (serve_access, serve_server)
    "cli.token_file": (
        "read the link's token from FILE instead of making a new one at every start, so that "
        "the link stays the same. One line of at least 22 characters (A-Z, a-z, 0-9, - and _), "
        "in a file of yours that no one else may read (chmod 600)"
    ),
    "cli.max_sessions": (
        "at most N browser sessions at a time, each with a driehoek process of its own; default: {default}"
    ),
    "serve.bad_max_sessions": "{value} is not a number of sessions: choose a number from 1.",
    "serve.serving_token_file": "driehoek in the browser: {url}?token=…  (the token is in {path}; Ctrl+C stops)",
    "serve.token_unreadable": "Cannot read the token file {path}: {reason}",
    "serve.public_url_needed": (
        "--host {host} listens on every address of this computer; say with --public-url which "
        "address the browser uses (e.g. https://intranet.school.example/driehoek)."
    ),
    "serve.not_a_file": "not a regular file",
    "serve.token_owner": (
        "The token file {path} belongs to another account; it must belong to the account that "
        "runs driehoek serve."
    ),
    "serve.token_open": (
        "The token file {path} is open to others (mode {mode}); make it readable by you "
        "alone: chmod 600 {path}"
    ),
    "serve.token_format": (
        "The token file {path} must hold one line: a token of at least 22 characters A-Z, "
        "a-z, 0-9, - and _ (make one with: python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(32))')."
    ),
    "serve.no_access_title": "No access",
    "serve.no_access": (
        "driehoek opens only with the link driehoek serve gave when it started. Ask whoever "
        "runs driehoek on the server for that link. After the browser has closed, the link is "
        "needed again; a link from before a restart may no longer work."
    ),
    "serve.refused_title": "Refused",
    "serve.refused": (
        "This request did not come from driehoek's own page, or not through the address "
        "driehoek is reached at. Open driehoek with the link you were given."
    ),
    "serve.refused_log": (
        "Refused: {header}: {value} (from {peer}); driehoek expects {expected}. An attack, or "
        "is --public-url not the address the browser uses?"
    ),
    "serve.full_title": "All places taken",
    "serve.full": (
        "driehoek already runs as many browser sessions at a time as this server allows ({limit}). "
        "Close a driehoek window you no longer use, or try again in a few minutes."
    ),
    "serve.page_ended": "The session has ended.",
    "serve.page_restart": "Start again",
    "serve.page_start": "Start",
    # Planning, the workplace report and dossiers (planning, report, dossier, outputs)
    "entity.dispositions": "earlier agreement",
    "entity.answers": "answer",
    "entity.progress": "progress",
    "calendar.name": "driehoek: quarterly evaluations",
    "calendar.summary": "Quarterly evaluation: {student} ({organisation})",
    "calendar.description": "Placement {placement}: {where}. Planned in driehoek.",
    "due.overdue": "overdue",
    "due.today": "today",
    "due.none": "No evaluations overdue, and none in the next {weeks} weeks.",
    "report.title": "Quality of the learning workplaces",
    "report.made_on": "Made on",
    "report.period": "Meetings",
    "report.since": "from {date}",
    "report.all": "all",
    "report.counted": "Only meetings signed by all three count, and each placement once: with the factors as its latest signed meeting left them.",
    "report.empty": "No meetings in this period.",
    "report.overview": "Overview",
    "report.organisation": "Organisation",
    "report.placements": "Placements",
    "report.factors": "Factors",
    # Workplace report over time (report, report_markdown, report_html, report_files)
    "report.factors_legend": "per factor, how many placements had it present, realisable, absent or not discussed, by each placement's latest signed meeting.",
    "report.signs": "Signs: + present, ~ realisable, - absent, ? not discussed; one sign per placement, in proportion when there are more placements than signs.",
    "report.counted_placements": "Counted",
    "report.signed_meetings": "Signed",
    "report.drafts": "Drafts",
    "report.share_all": "All factors",
    "report.overview_legend": "Placements: with a meeting in the period; Counted: with a signed meeting; Signed and Drafts: meetings; All factors: the six factors of the counted placements together, in ten signs.",
    "report.summary_placements": "Placements: {placements}, {counted} of them with a signed meeting",
    "report.summary_meetings": "Signed meetings: {meetings}; drafts (not counted): {drafts}",
    "report.nothing_signed": "No signed meeting yet: nothing to count here yet.",
    "report.quarters": "Per quarter",
    "report.quarters_legend": "a row per quarter, a column per factor (numbered as in the Factors table), a sign per placement running that quarter: the state of its latest signed meeting at the end of the quarter. Reading a column down shows how a factor developed.",
    "report.quarter": "Quarter",
    "report.quarter_label": "{year} Q{number}",
    "report.chart_title": "{name}: the factors per quarter",
    "report.chart_desc": "A row per factor, with a bar per quarter from {first} to {last}: how many placements had the factor present (+), realisable (~), absent (-) or not discussed (?). A full bar is {most}. The numbers are in the table below the chart.",
    "report.bar_title": "{quarter}, {factor}: {counts}",
    "report.numbers_caption": "{name}: per quarter and per factor (numbered as in the chart), the number of placements with + present, ~ realisable, - absent, ? not discussed.",
    "report.level": "Level",
    "report.level_organisation": "organisation",
    "report.level_team": "team",
    "report.factor_number": "No",
    "report.quarter_start": "From",
    "report.quarter_end": "To",
    "cli.report_format": "md (default), html (a printable page with charts), csv (for Excel: ; separated) or json",
    # Planning, the workplace report and dossiers (continued)
    "report.outcomes": "How the placements ended",
    "report.outcome": "Outcome",
    "report.team": "Team: {team}",
    "report.no_team": "No team",
    "dossier.title": "Dossier of {student} at {organisation}",
    "dossier.meetings": "Meetings",
    "dossier.outcome_reason": "Reason for the outcome",
    "cli.due": "evaluations that are overdue or due soon, one per line",
    "cli.weeks": "how many weeks ahead; default: {default}",
    "cli.calendar": "the planned evaluations as an iCalendar file (.ics) for any calendar program",
    "cli.calendar_output": "the .ics file to write",
    "cli.calendar_written": "{count} evaluation(s) written to {path}",
    "cli.report": "overviews across all placements",
    "cli.report_workplaces": (
        "the quality of the learning workplaces per organisation and team, and per quarter"
    ),
    "cli.since": "only meetings on or after this date (2025-08-01 or 1-8-2025)",
    "cli.export_placement": "all meetings of one placement as one document",
    "cli.export_all": "every meeting as a file of its own, in the folder of --dir",
    "cli.export_dir": "the folder for --all; if only the folder itself is missing, it is made",
    "cli.exported_all": "{count} set(s) of minutes written to {path}",
    "error.bad_date": "‘{value}’ is not a date: write e.g. 2025-08-01 or 1-8-2025.",
    "error.bad_weeks": "The number of weeks is 0 or more.",
    "error.no_placement": "There is no placement with number {id}.",
    "error.not_a_directory": "{path} is not a folder.",
    "error.only_with": "{option} only goes with {other}.",
    "error.all_needs_dir": "--all writes one file per meeting into a folder: name it with --dir (not -o).",
    "error.json_one_meeting": "--format json is for one meeting or for --student; choose md or html.",
    "error.calendar_needs_output": "Name the calendar file with -o, e.g. -o evaluations.ics.",
}
