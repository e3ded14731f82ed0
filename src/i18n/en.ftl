e0105-given-more-than-once = `{ $what }` is given more than once
e0105-label-first-given-here = first given here
e0105-help-keep-one-block-states = keep one; a block states each fact once
e0102-citation-names-source-edition = the citation names source `{ $citation_source }`, which the edition does not declare
e0102-help-declare-declared-sources = declare it with `source` or `emprunt`; declared sources: { $known }
e0102-help-declare-no-sources = declare it with `source` or `emprunt`; declared sources: none
e0104-missing = missing `{ $what }`
e0601-reference-year = `{ $edition_year }` is not a reference year
e0601-help-reference-year-n-written = the reference year N is written with four digits, such as `2025`
e0101-source-declared-twice = source `{ $source_id }` is declared twice
e0101-help-each-source-id-names = each source id names one seed
e0104-help-name-seed-edition-encodes = name the seed this edition encodes: `source 004 "004_….txt" "title"`
e0203-value-point-positive-amount = the value of a point is a positive amount with at most two decimals
e0203-help-write = write `valeur du point 7 €`
e0104-help-edition-points-needs = an edition in points needs `valeur du point 7 €`
e0106-edition-points = `valeur du point` in an edition that is not in points
e0106-help-declare-remove-point-value = declare `unité points`, or remove the point value
e0104-help-say-how-guide-states = say how the guide states amounts: `unité points` or `unité euros`
e0104-help-say-when-indicators-are = say when indicators are assessed: `appréciation au 31/12/N sans proratisation`
e0104-help-give-opening-declaration-window = give the opening of the declaration window, or `ouverture inconnue`
e0104-help-give-deadline = give the deadline, or `clôture inconnue`
e0104-help-give-portal-s-one = give the portal's one spelling: `portail "amelipro"`
e0104-help-give-edition-s-title = give the edition's title: `titre "Forfait structure 2025"`
e0101-section-declared-twice = section `{ $section_id }` is declared twice
e0101-label-first-declared-here = first declared here
e0101-help-give-each-section-own = give each section its own id
e0104-help-form-edition-declared-indicators = the form of an edition with declared indicators needs its sworn statement: `attestation "Je certifie …"`
e0101-annex-declared-twice = annex `{ $annex_id }` is declared twice
e0101-help-give-each-annex-own = give each annex its own id
w0302-edition-belongs = this edition belongs in `specs/{ $expected }`, not `{ $path }`
w0302-help-name-file-after-programme = name the file after its programme, profession and year, so that tools find it
w0301-amount-without-provenance = amount without provenance
e0102-section-paid-if-section = section `{ $section_id }` is paid if section `{ $id }` is met, but there is no such section
e0102-help-sections-are = sections are: { $known }
e0106-only-section-paid-whole = only a `prérequis` section is paid as a whole
e0106-help-give-each-indicator-section = give each indicator of this section its own `montant`
e0103-sub-indicator-stands-outside = sub-indicator `{ $sub_id }` stands outside any indicator
e0103-help-write-inside-parent-indicator = write it inside its parent indicator, or name the parent: `sous-indicateur id "…" de parent`
e0103-help-sub-indicator-belongs-indicator = a sub-indicator belongs to an indicator of its own section
e0204-indicator-has-own-amount = indicator `{ $indicator_id }` has its own amount, but its section is paid as a whole
e0204-help-keep-amount-section-indicators = keep the amount on the section, or on the indicators, not both; an indicator the guide says is optional is written `facultatif` and keeps its amount
e0204-indicator-never-paid-has = indicator `{ $indicator_id }` is never paid: it has no amount
e0204-help-give-when-seed-states = give it a `montant`, or `montant inconnu "raison"` when no seed states it
e0204-optional-without-amount = optional indicator `{ $indicator_id }` has no amount: an optional indicator is paid for itself, on top of its section
e0204-help-optional-without-amount = give it the `montant` the guide gives it ("dont 120 points facultatifs"), or `montant inconnu "raison"` when no source states it
e0101-indicator-declared-twice = indicator `{ $dotted }` is declared twice
e0101-help-ids-are-stable-across = ids are stable across editions: give each indicator its own
e0103-sub-indicator-names-parent = sub-indicator `{ $indicator_id }` names parent `{ $named }` but stands inside `{ $enclosing }`
e0103-help-move-into-parent-correct = move it into its parent, or correct the name after `de`
w0301-indicator-has-provenance = indicator `{ $dotted }` has no provenance
e0104-help-say-who-provides = say who provides it: `type déclaratif`, `type déclaratif avec pré-alimentation` or `type automatisé`
e0105-given-more-than-once-2 = `{ $name }` is given more than once
e0101-software-declared-twice = software `{ $id }` is declared twice
e0101-help-each-software-role-declared = each software role is declared once
e0102-exemption-waives-software-indicator = the exemption waives software `{ $role }`, which this indicator does not declare
e0102-help-name-indicator-whole-indicator = name a `logiciel` of this indicator, or `tout` for the whole indicator
e0501-declarative-indicator-has-nothing = declarative indicator `{ $dotted }` has nothing to declare on the form
e0501-help-add-practitioner-fill = add a `question`, a `choix`, a `logiciel`, a `nombre` or a `taux` for the practitioner to fill in
e0504-indicator-pre-filled-but = indicator `{ $dotted }` is pre-filled, but the spec does not say from where
e0504-help-add = add `pré-alimentation "source" sinon "what the practitioner does"`
e0505-declared-rate-reads-acts = the rate `{ $rate_id }` is declared by the practitioner (declarative indicator): it is not computed from acts, but `{ $statement }` is a rule on acts
e0505-label-declared-here = rate declared on the form
e0505-help-declared-or-automated = a declared rate has only its `seuil` (and its `part`): remove the rules on acts, or make the indicator `type automatisé` if the insurer measures it
e0506-declared-rate-not-sworn = the declared rate of indicator `{ $dotted }` is validated by no sworn statement
e0506-help-add-sworn-statement = add `justificatif sur l'honneur` (the form's sworn-statement box) or `justificatif sur l'honneur dans la déclaration`
e0502-automated-indicator-asks-practitioner = automated indicator `{ $dotted }` asks the practitioner to fill in the form
e0502-help-automated-indicator-measured-insurer = an automated indicator is measured by the insurer: use `taux`, `nombre` or `constat`, or make it declarative
e0502-automated-indicator-asks-practitioner-2 = automated indicator `{ $dotted }` asks the practitioner for evidence
e0502-help-insurer-measures-write = the insurer measures it: write `justificatif aucun`
e0104-automated-indicator-measures-nothing = automated indicator `{ $dotted }` measures nothing
e0104-total-without-optional-share = the total of section `{ $section }` does not say which part of it is optional
e0104-help-total-without-optional-share = its optional indicators pay { $optional_in_words }: write `total { $total } dont { $optional } facultatifs`
e0104-help-add-insurer-measures = add the `taux`, `nombre` or `constat` the insurer measures
e0101-measure-declared-twice-indicator = measure `{ $id }` is declared twice in this indicator
e0101-help-give-each-own-id = give each `taux`, `nombre` and `constat` its own id
e0101-option-listed-twice = option `{ $option_id }` is listed twice
e0101-label-first-listed-here = first listed here
e0101-help-list-each-option-once = list each option once, with `accepte` or `refuse`
e0101-identification-declared-twice = the identification field `{ $field_id }` is already on the form
e0101-help-identification-common = every form already asks { $common }; give each field `identification` adds its own id
e0503-option-list-validates-indicator = no option of this list validates the indicator
e0503-help-mark-options-validate = mark the options that validate it with `accepte`
w0301-exclusion-without-provenance = exclusion without provenance
e0104-help-give-rate-s-threshold = give the rate's threshold: `seuil au moins 70 %` or `seuil au moins 2/3`
e0304-numerator-rate-counts-every = the numerator of rate `{ $rate_id }` counts every act: the rate would always be 100 %
e0304-label-numerator-has-condition = this numerator has no condition
e0304-rate-read-from-acts = rate `{ $rate_id }` is read from acts but does not say what its numerator counts
e0304-help-rate-insurer-measures-gives = say which acts count: `numérateur actes où mode dans {"{"}sesam_vitale, sesam_sans_vitale{"}"} [cit]`; a rate that the insurer measures and gives as counts states only its `seuil`
w0301-threshold-without-provenance = threshold without provenance
e0301-fraction-cannot-have-below = a fraction cannot have 0 below the line
e0301-help-write-fraction-between-such = write a fraction between 0 and 1, such as `2/3`
e0302-rate-compared-percentage-fraction = a rate is compared with a percentage or a fraction, not { $kind }
e0302-help-write = write `seuil au moins 70 %` or `seuil au moins 2/3`
e0301-rate-cannot-exceed = a rate cannot exceed 100 %
e0301-help-rate-threshold-lies-between = a rate threshold lies between 0 % and 100 % (a fraction between 0 and 1)
e0301-identification-digits = an identification field of { $digits } digits does not fit on the form
e0301-help-identification-digits = an identification field has 1 to { $most } digit boxes; without a number of digits, it is a free text field
e0302-count-compared-whole-number = a count is compared with a whole number, not { $kind }
e0302-help-count-write = write `{ $suggestion }`: a count is compared with a whole number, without a unit
e0302-help-rate-write = write `{ $suggestion }`, or a fraction such as `2/3`
e0302-help-write-2 = write `seuil au moins 3`
e0105-case-given-more-than = this case is given more than once
e0105-help-list-each-case-once = list each case once
e0203-amount-euros-has-most = an amount in euros has at most two decimals
e0203-help-write-euros-cents-such = write euros and cents, such as `84,50 €`
e0203-edition-states-amounts-euros = this edition states its amounts in euros, not in points
e0203-help-write-amount-euros-declare = write the amount in euros, or declare `unité points` with `valeur du point`
e0201-points-point-are = { $points } points at { $euros_in_words } a point are { $euros_in_words2 }, not { $euros_in_words3 }
e0201-label-these-points = these points
e0201-help-write-correct-points = write `{ $amount_as_written }`, or correct the points
e0203-whole-number-points-point = { $euros_in_words } is not a whole number of points at { $euros_in_words1 } a point
e0203-help-write-amount-points-guide = write the amount in points, as the guide's table does
e0203-amount-too-large = this amount is too large
e0203-help-amount-most-ten-billion = an amount is at most ten billion euros
e0202-add-up = { $what } add up to { $amount_in_words }, not { $amount_in_words2 }
e0202-what-sections = the sections
e0202-what-section-whole = section `{ $section }` is paid { $amount } as a whole; its stated total and amount
e0202-what-section-whole-and-optional = section `{ $section }` is paid { $amount } as a whole and { $optional } to its optional indicators; its total, its amount and the amounts of its optional indicators
e0202-what-optional = the optional indicators of section `{ $section }`
e0202-optional-share-without-optional = the total of section `{ $section }` has an optional part, but none of its indicators is optional
e0202-help-optional-share-without-optional = write `facultatif` in the indicators the guide says are optional, or remove `dont … facultatifs` from the total
e0202-what-indicators = the indicators of section `{ $section }`
e0202-what-sub-indicators = the sub-indicators of `{ $indicator }`
e0202-help-total-should-correct-amounts = the total should be `{ $amount_as_written }`; or correct the amounts it sums
e0303-acts-have-field = acts have no field `{ $field }`
e0303-yes-field = `{ $field }` is not a yes/no field
e0303-help-compare = compare it as its kind asks: `{ $example }`
e0303-takes-list-values = `{ $field }` takes no list of values
e0303-age-compared-duration = `{ $field }` is an age: it is compared with a duration (`3 mois`, `90 jours`)
e0303-compared = `{ $field }` is compared with `=` or `≠`
e0303-cannot-compared-value = `{ $field }` cannot be compared with this value
e0303-value-2 = `{ $value }` is not a value of `{ $field }`
e0601-year-out-range = this year is out of range
e0601-help-reference-year-year-such = the reference year is a year such as 2025
w0201-literal-year-written-relative = literal year `{ $literal }` is not written relative to N
w0201-help-optional-year-relative = write `facultatif en { $year }`: a spec copied next year would not keep a stale year
e0601-help-write-day-then-month = write the day, then the month from 1 to 12: `{ $date }`
e0602-declaration-window-closes-before = the declaration window closes on { $close }, before it opens on { $open }
e0602-label-opens-here = it opens here
e0602-help-check-years-deadline-january = check the years: a deadline in January or February is usually `N+1`
e0603-declaration-window-closes-before = the declaration window closes on { $close }, before the indicators are assessed on { $assessment }
e0603-help-deadline-falls-after-reference = the deadline falls after the reference year: write it with `N+1`
e0401-section-unlocks-itself = section `{ $section_id }` unlocks itself: { $chain }
e0401-help-chain-must-end-section = a chain of `complémentaire si` must end at a `prérequis` or `indépendant` section
e0402-section-can-never-paid = section `{ $section_id }` can never be paid: section `{ $requires }`, which unlocks it, has no indicator
e0402-label-section-has-indicator = this section has no indicator
e0403-optional-sub-indicator = sub-indicator `{ $indicator }` cannot be optional: only an indicator of a prerequisite section can
e0403-help-optional-sub-indicator = write `facultatif` in the parent indicator, or remove it
e0403-optional-other-year = indicator `{ $indicator }` is said to be optional in { $optional_year }, but the edition is { $year }'s
e0403-help-optional-other-year = an indicator optional for one year is optional in its edition's year: write `facultatif en N` if the { $year } guide keeps it optional; otherwise remove `facultatif`, its `montant` and the `dont … facultatifs` part of the total
e0403-optional-outside-prerequisite = indicator `{ $indicator }` is said to be optional, but section `{ $section }` is not a prerequisite section
e0403-help-optional-outside-prerequisite = in a complementary or independent section every indicator is already paid for itself and none is required: remove `facultatif`
e0403-every-indicator-optional = every indicator of prerequisite section `{ $section }` is optional: it would be met with none of them met
e0403-help-every-indicator-optional = a prerequisite section requires at least one indicator; if the guide requires none, make it an `indépendant` or `complémentaire si …` section
e0402-help-add-indicators-unlocking-section = add the indicators of the unlocking section, or make this section `indépendant`
e0701-unknown-placeholder = unknown placeholder `{"{"}{ $inner }{"}"}`
e0701-help-did-you-mean = did you mean `{ $placeholder }`?
e0701-help-placeholders-are = placeholders are {"{"}N{"}"}, {"{"}N+1{"}"}, {"{"}N-3{"}"}, {"{"}31/12/N{"}"}, {"{"}an 2021{"}"}, {"{"}ouverture{"}"}, {"{"}clôture{"}"}, {"{"}portail{"}"}, {"{"}nombre <section>{"}"}, {"{"}nombre <section> déclaratifs|automatisés{"}"}, {"{"}total <section>{"}"}, {"{"}total maximal{"}"}, {"{"}montant <section or indicator>{"}"}
w0201-help-write-if-follows-reference = write `{"{"}{ $relative_name }{"}"}` if it follows the reference year, or `{"{"}an { $literal }{"}"}` if it is a fixed year
w0202-portal-spelled-here = the portal is spelled `{ $written }` here
w0202-help-write-so-every-output = write `{"{"}portail{"}"}`, so that every output spells it one way
w0203-count-indicators-typed-hand = `{ $written }`: a count of indicators typed by hand
w0203-help-write-compiler-counts = write `{"{"}nombre <section>{"}"}` or `{"{"}nombre <section> déclaratifs{"}"}`, which the compiler counts
w0203-count-in-words = `{ $written }`: a count of indicators written in words
w0205-amount-typed-hand = `{ $written }`: an amount of the edition typed by hand
w0205-help-write-placeholder = write { $placeholders }, which the compiler works out: next year's edition will not keep a stale amount
e0001-empty-spec = empty spec
e0001-help-see-docs-language-md = see docs/LANGUAGE.md for the statements each block accepts; texts go between double quotes
e0001-number-too-large = number too large
e0001-too-many-decimals = too many decimals
e0001-missing-number = missing number
e0001-missing-year = missing year
e0001-invalid-year = invalid year
e0001-invalid-year-offset = invalid year offset
e0001-invalid-day = invalid day
e0001-invalid-month = invalid month
e0001-missing-date = missing date
e0001-missing-amount = missing amount
e0001-scale-without-bracket = a scale without brackets: write at least `0 et plus : …`
e0001-missing-gating = missing gating
e0001-unknown-indicator-type = unknown indicator type
e0001-missing-value = missing value
e0001-missing-evidence-kind = missing evidence kind
e0001-unknown-evidence-case = unknown evidence case
e0001-missing-condition = missing condition
e0001-empty-condition = empty condition
e0001-missing-prose-kind = missing prose kind
e0103-parent-in-another-section = sub-indicator `{ $sub }` is in section `{ $section }`, but its parent `{ $parent }` is in another section
e0102-unknown-parent = sub-indicator `{ $sub }` names parent `{ $parent }`, which does not exist
e0304-help-say-which-acts-count = say which acts count: `numérateur actes où mode dans {"{"}sesam_vitale, sesam_sans_vitale{"}"} [cit]`
e0304-label-reads-from-acts = `{ $statement }` reads the rate from acts
quantity-percentage = a percentage
quantity-fraction = a fraction
quantity-euros = an amount in euros
quantity-points = an amount in points
quantity-duration = a duration
quantity-count = a count
w0201-help-write-date-relative = write `{ $date }`, so that the next edition moves with N
e0601-no-such-day = { $month } { $year } has no day { $day }
e0601-help-last-day = { $month } { $year } has { $days } days: the last day is `{ $date }`
e0601-no-such-month = there is no month { $month }
e0303-help-fields = the fields of an act of this edition (its `actes` block) are { $fields }
e0001-unexpected-rule = unexpected `{ $rule }` where { $what } was expected
e0001-missing-rule = missing `{ $rule }` in this statement
e0001-unexpected-in-block = unexpected `{ $rule }` in a `{ $block }` block
e0001-lexer = { $why }
e0001-lex-prose = prose block without its closing `"""`
e0001-lex-text = text without its closing quote
e0001-lex-citation = citation without its closing `]`
e0001-unexpected-text = unexpected text
e0001-expected = expected { $expected }
e0001-unclosed-block = the block `{ $block }` is never closed
e0001-label-still-open = the block is still open here
e0001-help-close-block = add the `{"}"}` that closes the block opened on line { $line }, at the indentation of its first line
e0001-help-end-of-file = the file ends before a block is closed: close each block with `{"}"}`
e0001-help-string = a text is written between double quotes: `"…"` (`\"` for a quote inside)
e0001-help-unclosed-string = the text that starts here is not closed: add the double quote `"` that ends it, on the same line
e0001-help-edition = a spec starts with its header: `édition <programme> <profession> <year> {"{"}`, then its statements, and ends with `{"}"}`
e0001-help-amount-write = write `{ $amount }`
e0001-help-amount = an amount is written `490 €`, `280 points` or `280 points = 1 960 €`: a space every three digits, a comma before the cents
e0001-help-citation = a citation names a declared source and its section between square brackets: `[004 §1.4]`
e0001-help-ident = an id is written in lower case letters, digits and `_`, and is not a keyword of the language
e0001-help-word-here = `{ $word }` cannot stand here: the statements this block accepts are listed above (docs/LANGUAGE.md)
e0001-help-number-too-large = a number is at most 9 223 372 036 854 775 807
help-did-you-mean = did you mean `{ $word }`?
word-or = or
report-help = help:
summary-check-ok = check ok: { $specs } { $specs ->
    [one] spec
   *[other] specs
}, { $errors } { $errors ->
    [one] error
   *[other] errors
}, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
}
summary-check-failed = check failed: { $specs } { $specs ->
    [one] spec
   *[other] specs
}, { $errors } { $errors ->
    [one] error
   *[other] errors
}, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
}{ $denied ->
    [yes] {" "}(warnings denied)
   *[no] {""}
}
summary-build-failed = build failed: { $specs } { $specs ->
    [one] spec
   *[other] specs
} with errors; nothing was written
syntax-eof = the end of the file
syntax-ident = an identifier (lower case letters, digits, `_`)
syntax-source-id = a source id such as `004`
syntax-string = a text between double quotes
syntax-prose = prose between triple quotes `"""`
syntax-integer = a whole number
syntax-number = a number
syntax-year = a year such as `N`, `N+1` or `N-3`
syntax-date = a date such as `31/12/N`
syntax-approx-date = an approximate date such as `début 12/N`
syntax-euros = an amount in euros such as `490 €`
syntax-points = an amount in points such as `280 points`
syntax-percent = a percentage such as `70 %`
syntax-fraction = a fraction such as `2/3`
syntax-duration = a duration such as `3 mois`
syntax-citation = a citation such as `[004 §1.4]`
syntax-amount = an amount such as `280 points = 1 960 €` or `490 €`
syntax-quantity = a number, a percentage, a fraction or an amount
syntax-condition = a condition on acts
syntax-compare = a comparison such as `<` or `=`
syntax-close-block = `{"}"}` to close the block
w0301-help-cite = cite the seed that states it, with its section: `{ $example }`
w0301-help-cite-no-source = declare the seed first: `source 004 "004_….txt" "title"`, then cite it: `[004 §…]`
w0303-no-paper-route = the edition does not say where to send the paper form (neither `papier … renvoi …` nor `papier inconnu`)
w0303-help-paper-route = write `papier "…" renvoi "…"` citing the guide that describes the paper route, or a borrowed guide (`emprunt`) saying why, or `papier inconnu "raison"` when no source describes it: the form then says "à votre caisse"; a deadline the guide does not give is written `clôture inconnue`, and the form then says "date limite : non communiquée à la date de publication"
w0801-review-marker = review marker left by `new-year`: { $what }
w0801-help-review = check what the marker points at (is the year still right for N?), correct it if need be, then remove the comment line
io-cannot-read = error: cannot read `{ $path }`: { $error }
diff-across = error: these editions are not two years of one guide: { $old } on one side, { $new } on the other; their differences, and any gain or loss between them, would mean nothing. Add `--across` to compare them anyway.

## E0002: limits of a spec
e0002-too-large = file of { $size } bytes, over the limit of { $limit } bytes (8 MiB) for a spec
e0002-help-too-large = an edition fits in a few tens of kilobytes: split or correct this file
e0002-too-deep = nesting deeper than { $max } levels of blocks and parentheses
e0002-label-level = level { $level }
e0002-help-too-deep = a spec nests at most { $max } blocks and parentheses inside each other; simplify the condition (`ou`, `et` chain without parentheses) or the hierarchy of sub-indicators
e0107-continued-twice = `{ $later }` continues `{ $old }`, which `{ $first }` already continues
e0107-label-first-continues = first continued here
e0107-help-split = if `{ $old }` is split between `{ $first }` and `{ $later }`, write `reprend { $old } en partie` in both; otherwise only one continues it

## W0204: invisible characters
w0204-suspicious = { $what } U+{ $code } in the spec
w0204-label-here = here (invisible)
w0204-help-remove = remove it: it makes the text read otherwise than it is written, and generated Rust code holding it would not compile
w0304-source-file-not-found = the source file `{ $file }` is in no source folder
w0304-help-source-folders = the source folders found from the spec are { $folders }; fix the file name, or put the document there
w0305-annex-not-declared = this evidence refers to an annex the edition does not declare
w0305-help-declare-annex = declare the annex (`annexe <id> "titre" [cit] """…"""`) so that the guide gives it, or remove the reference

## Input/output errors (the kind of error, in words)

io-kind-not-found = no such file or folder
io-kind-permission-denied = permission denied
io-kind-already-exists = the file already exists
io-kind-invalid-data = unreadable content (not UTF-8 text)
io-kind-is-a-directory = it is a folder, not a file
io-kind-not-a-directory = a part of the path is not a folder
io-kind-storage-full = no space left on the disk
io-kind-read-only = read-only file system
io-kind-address-in-use = address already in use (is another program listening on this port?)
io-kind-address-not-available = address not available on this machine
io-kind-interrupted = operation interrupted
io-kind-other = input/output error ({ $detail })

## guidec serve: the live preview

serve-listening = guidec serve: preview at { $url } (specs of `{ $specs }`, rebuilt on every save); Ctrl+C to stop
serve-rebuilt = version { $version }: { $specs } { $specs ->
    [one] spec checked
   *[other] specs checked
}, { $files } files served, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
}
serve-rebuild-failed = version { $version }: { $errors } { $errors ->
    [one] error
   *[other] errors
}, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
}; the pages show the check report, the last good version stays under /_guidec/precedente/
serve-rebuild-problem = version { $version }: { $problem }
serve-not-loopback = error: `{ $address }` is not a loopback address; the preview listens on 127.0.0.1 or ::1 only, unless `--allow-remote` is given (the site is then readable from the network)
serve-cannot-bind = error: cannot listen on { $address }: { $error }
serve-cannot-watch = error: cannot watch `{ $path }`: { $error }
serve-watch-ended = error: watching `{ $path }` stopped
serve-cannot-read-specs = cannot read the specs folder `{ $path }`: { $error }
serve-cannot-read-spec = cannot read `{ $path }`: { $error }
serve-backend-failed = the build failed: { $detail }
serve-specs-changed = the specs changed during the build; it will run again at the next save
serve-cannot-write = the build succeeded but writing into `{ $path }` failed: { $detail }
serve-page-title-failed = Specs have errors
serve-page-title-ok = Check of the specs
serve-page-summary = { $errors } { $errors ->
    [one] error
   *[other] errors
} and { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
} in { $specs } { $specs ->
    [one] spec
   *[other] specs
}.
serve-page-waiting = The site's pages will show again as soon as the errors are fixed; this page reloads on every save.
serve-page-last-good = See the last good version of the site (version { $version })
serve-page-no-last-good = No good version of the site has been built yet.
serve-page-site = Go to the site (version { $version })
serve-page-error = error
serve-page-warning = warning
serve-page-help = help
serve-page-home = Back to the site
serve-refused-title = Address refused
serve-refused-method = Only the GET and HEAD methods are served.
serve-refused-host = This preview answers to local addresses only (127.0.0.1, localhost, ::1).
serve-refused-too-long = The address is too long.
serve-refused-not-a-path = The address is not a path of the site.
serve-refused-encoding = The address holds an invalid encoding (a "%" not followed by two hexadecimal digits, or bytes that are not UTF-8).
serve-refused-dot-segment = The address holds a "." or ".." segment, an empty segment or a hidden name.
serve-refused-character = The address holds an encoded separator, a backslash, a colon or a control character.
serve-not-found-title = Page not found
serve-not-found = `{ $path }` is not a file of the built site.
io-path-not-found = `{ $path }` does not exist

## The command line

word-and = and
cli-error = error: { $error }
cli-cannot-serialise = error: cannot write the JSON: { $error }
cli-cannot-write = error: cannot write `{ $path }`: { $error }
cli-cannot-create = error: cannot create `{ $path }`: { $error }
cli-case-error = error: { $path }:{ $error }
cli-exists-use-force = error: `{ $path }` exists; pass `--force` to overwrite it
cli-backend-failed = error: { $detail }
    build failed: nothing was written
cli-build-removed-temporary = removed { $path } (left by an interrupted build)
cli-build-wrote = wrote { $path }
cli-build-removed = removed { $path }
cli-build-ok = build ok: { $specs } { $specs ->
    [one] spec
   *[other] specs
}, { $files } { $files ->
    [one] file
   *[other] files
}: { $written } written, { $unchanged } unchanged, { $removed } removed
cli-build-write-failed = error: { $detail }
    build failed while writing
cli-new-year-wrote = wrote { $path } ({ $from } → { $to }): { $lines } { $lines ->
    [one] line
   *[other] lines
} to review, marked `{ $marker }`
cli-new-year-check = check: 0 errors, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
}
cli-new-year-check-unflagged = { $summary }, not on a flagged line: { $warnings }
cli-fmt-failed = error: `{ $path }` is not formatted: { $why }
cli-fmt-would-reformat = would reformat { $path }
cli-fmt-formatted = formatted { $path }

## guidec fmt

fmt-does-not-parse = the spec does not parse ({ $error })
fmt-no-detail = no detail
fmt-left-unchanged = left unchanged: { $why }
fmt-would-not-parse = the formatted text would not parse ({ $error })
fmt-would-change-meaning = the formatted text would not mean the same
fmt-would-lose-comments = the formatted text would not keep every comment

## guidec new-year

new-year-old-spec-has-errors = the spec has errors; run `guidec check`
new-year-new-spec-would-not-check = the new spec would not check: { $errors }
new-year-coded = { $code } { $message }
new-year-year-not-after = the new year { $year } must come after the spec's year, { $old }

## guidec build: writing the outputs

build-cannot-read = cannot read `{ $path }`: { $error }
build-cannot-read-specs = cannot read the specs of `{ $path }`: { $error }
build-cannot-read-cases = cannot read the cases of `{ $path }`: { $error }
build-refused-not-plain = refusing to write `{ $path }`: not a plain path inside the outputs folder
build-name-too-long = cannot write `{ $path }`: its name is { $bytes } bytes long, over the { $max } a file system accepts
build-cannot-inspect = cannot inspect `{ $path }`: { $error }
build-refused-link = refusing to write `{ $path }`: `{ $link }` is a symbolic link, and guidec never writes through a link in its outputs folder; remove the link
build-not-a-file = cannot write `{ $path }`: something other than a file is there
build-not-a-folder = cannot write `{ $path }`: `{ $file }` is not a folder
build-cannot-remove = cannot remove `{ $path }`: { $error }
build-cannot-write = cannot write `{ $path }`: { $error }
build-cannot-replace = cannot replace `{ $path }`: { $error }
build-nothing-replaced = nothing was replaced: every output holds its previous content
build-new-content = { $files } { $files ->
    [one] file holds
   *[other] files hold
} their new content:
build-old-content = { $files } { $files ->
    [one] file still holds
   *[other] files still hold
} their previous content:
build-new = new
build-old = old

## guidec test

io-cannot-read-plain = cannot read `{ $path }`: { $error }
runner-spec-has-errors = `{ $path }` has errors; run `guidec check { $path }`
runner-not-a-folder = `{ $path }` is not a folder of case files
runner-cannot-read-case = cannot read the case: { $error }
runner-no-expected = no `attendu` block: a case states the outcome worked out by hand
runner-engines-disagree = the generated code disagrees with the interpreter:
      interpreter: { $reference }
      generated:   { $generated }
runner-cannot-serialise = cannot serialise the outcome: { $error }
runner-generated-cannot-run = the generated code cannot run this case: { $error }
runner-generated-no-edition = the generated code has no edition `{ $edition }`: run `guidec build`
runner-expected-got = { $field }: expected { $expected }, got { $got }
runner-no-such-section = sections.{ $id }: the edition has no such section
runner-no-such-indicator = indicateurs.{ $id }: the edition has no such indicator
runner-case-failed = FAIL { $path }
runner-edition-line = { $edition }: { $cases } { $cases ->
    [one] case
   *[other] cases
}, { $passed } passed (moteurs : { $engines }); indicators decided { $decided }; branches { $branches } (statuses { $statuses }, exclusions { $exclusions }, gates { $gates })
runner-undecided = no case decides: { $ids }
runner-unseen-statuses = statuses no case shows: { $statuses }
runner-coverage-incomplete = indicator coverage incomplete

## A command line written wrong

cli-usage-unknown-command = error: unknown command `{ $command }`
cli-usage-unknown-argument = error: unexpected option or argument `{ $argument }`
cli-usage-invalid-value = error: invalid value `{ $value }` for `{ $argument }`
cli-usage-missing-argument = error: missing { $argument }
cli-usage-missing-command = error: the command is missing (`check`, `build`, `serve`…)
cli-usage-conflict = error: `{ $argument }` cannot be used with `{ $other }`
cli-usage-valid-values = possible values: { $values }
cli-usage-more = For more information: `guidec --help` (or `guidec COMMAND --help`).
serve-too-many-watches = the system refuses to watch more files (raise `fs.inotify.max_user_watches`)
e0303-help-values = the values of `{ $field }` are { $values }
e0303-number-compared-number = `{ $field }` is a number: it is compared with a whole number
e0303-date-compared-date = `{ $field }` is a date: it is compared with a date (`01/07/N`)
e0305-key-twice = the name `{ $key }` is already taken in the act schema
e0305-label-first = taken here
e0305-help-key-twice = each field of an act has its own name and key, other than `date` and `nombre` (the day of the act and how many acts the line stands for)
e0305-value-twice = the value `{ $value }` of `{ $field }` is written twice
e0305-help-value-twice = keep each value of a list once
e0305-default = the default value `{ $value }` is not in the list of `{ $field }`
e0305-help-default = the default is one of the list's values
e0305-too-many-bits = the fields of an act ask for { $bits } bits: an act keeps { $words } words of 32 bits
e0305-help-too-many-bits = a date, an age or a number takes a word, a yes/no a bit, a list the bits of its indexes: remove the fields the rules do not read
e0306-no-schema = this condition is on acts, but the edition does not declare their fields
e0306-help-declare = declare the fields of an act in the edition: `actes {"{"} oui/non ame "bénéficiaire de l'aide médicale d'État" {"}"}`
e0306-no-first-claim = the individualised period starts from the first FSE, but the act schema does not say which acts are one
e0306-help-first-claim = say it in the `actes` block: `première fse actes où mode dans {"{"}sesam_vitale, sesam_sans_vitale{"}"}`
e0202-what-parts = the parts of `{ $indicator }`
e0202-known-exceeds-stated = the known amounts of section `{ $section }` already make { $known }, more than the stated total, { $stated }
e0202-help-known-exceeds-stated = an unknown amount can only add to the total: correct the total or the known amounts
e0205-points-not-whole-cents = { $points } points at { $euros_in_words } a point make { $euros } €: not a whole number of cents
e0205-help-points-whole-cents = euros are counted in whole cents; check the points in the guide's table
e0206-part-without-threshold = a part is paid when its measure's threshold is met, but this measure has no threshold
e0206-help-part-needs-threshold = give the measure its `seuil`, or remove the part
e0206-part-in-section-paid-whole = indicator `{ $indicator }` shares its amount in parts, but its section is paid as a whole
e0206-part-beside-sub-indicators = indicator `{ $indicator }` has parts and sub-indicators: its amount would come from both
e0206-too-many-parts = indicator `{ $indicator }` has more than { $most } parts
e0206-help-parts-paid-by-indicator = parts go on the measures of an indicator paid for itself, without sub-indicators
e0206-parts-of-unknown-amount = indicator `{ $indicator }` has known parts but an unknown amount
e0206-help-parts-state-amount = its amount is the sum of its parts: write `montant { $amount_as_written }`, or remove it
e0207-rest-without-total = `reste inconnu` in section `{ $section }`, which states no `total`
e0207-rest-in-section-paid-whole = `reste inconnu` in section `{ $section }`, which is paid as a whole
e0207-nothing-left = `reste inconnu` in section `{ $section }`, but its indicators already make its total, { $total }
e0207-help-rest = `reste inconnu "raison"` says that the total the guide states counts items no source details
e0210-per-unit-nothing = an amount per unit that pays nothing
e0210-help-per-unit-nothing = write what each unit pays, for example `5 points par patients, au plus 360 points`
e0210-cap-not-multiple = the cap { $cap } is not a whole number of times { $per_unit } per unit
e0210-help-cap-multiple = the cap is reached at a whole unit: write `au plus { $lower }` or `au plus { $upper }`, as the guide gives it
e0210-first-not-zero = the scale starts at { $from }: the values from 0 to { $from } excluded have no bracket
e0210-help-first-not-zero = start with a bracket `de 0 à …`, which may pay `0 point`
e0210-after-open = a bracket follows the open bracket `{ $from } et plus`
e0210-help-after-open = only the last bracket is written `… et plus`; the others `de … à …`
e0210-overlap = this bracket starts at { $from }, already in the previous one (up to { $to })
e0210-gap = the values from { $gap_from } to { $gap_to } have no bracket
e0210-help-next-from = brackets follow one another: this one starts at { $next }
e0210-bracket-backwards = the bracket goes from { $from } to { $to }: its bounds do not increase
e0210-help-bracket-backwards = write the least value first: `de { $to } à { $from }`, in the order of the brackets
e0210-amount-decreases = this bracket pays { $amount }, less than the previous one ({ $before })
e0210-help-amount-decreases = a scale pays as much or more as the measure grows; check the guide's table
e0210-last-closed = the last bracket stops at { $to }: beyond it, the scale says nothing
e0210-help-last-closed = write the last bracket open: `{ $from } et plus : { $amount }`
e0211-measure-unknown = the amount of `{ $indicator }` follows `{ $measure }`, which is not a `nombre` of this indicator
e0211-measure-is-rate = the amount of `{ $indicator }` follows the rate `{ $measure }`: a scale follows a `nombre`
e0211-help-declare-count = declare the measure in the indicator: `nombre { $measure } "…" [source]`
e0211-help-counts-are = this indicator's counts: { $counts }
e0211-measure-with-part = the count `{ $measure }` carries a `part` and also sets the amount by a scale
e0211-help-measure-with-part = an indicator is paid by its parts or by a scale, not both
e0211-beside-sub-indicators = `{ $indicator }` has sub-indicators and an amount by a scale
e0211-help-beside-sub-indicators = give the scale to the sub-indicator that measures
e0211-nothing-decides = nothing says when `{ $indicator }` is met: its only count, `{ $measure }`, has no threshold and only sets the amount
e0211-help-nothing-decides = write the threshold from which the indicator is met: `nombre { $measure } "…" {"{"} seuil au moins 1 {"}"}`
e0211-section-scaled = a section's amount cannot follow `{ $measure }`: a section has no measure
e0211-help-section-scaled = give the scale to the indicator that declares the count
