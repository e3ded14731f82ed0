## Le catalogue des messages de guidec, en français (la langue par défaut).
## Chaque entrée a sa jumelle dans en.ftl ; un test échoue quand l'une manque.
## Les mots du langage (`indicateur`, `seuil`…) restent entre accents graves.

## Commun

report-help = aide :
help-did-you-mean = vouliez-vous dire `{ $word }` ?
word-or = ou
summary-check-ok = vérification réussie : { $specs } { $specs ->
    [one] spec
   *[other] specs
}, { $errors } { $errors ->
    [one] erreur
   *[other] erreurs
}, { $warnings } { $warnings ->
    [one] avertissement
   *[other] avertissements
}
summary-check-failed = vérification échouée : { $specs } { $specs ->
    [one] spec
   *[other] specs
}, { $errors } { $errors ->
    [one] erreur
   *[other] erreurs
}, { $warnings } { $warnings ->
    [one] avertissement
   *[other] avertissements
}{ $denied ->
    [yes] {" "}(avertissements refusés)
   *[no] {""}
}
summary-build-failed = construction échouée : { $specs } { $specs ->
    [one] spec a
   *[other] specs ont
} des erreurs ; rien n'a été écrit
quantity-percentage = un pourcentage
quantity-fraction = une fraction
quantity-euros = un montant en euros
quantity-points = un montant en points
quantity-duration = une durée
quantity-count = un nombre

## E0001 : syntaxe

e0001-empty-spec = spec vide
e0001-lex-prose = prose sans ses triples guillemets `"""` de fin
e0001-lex-text = texte sans son guillemet de fin
e0001-lex-citation = citation sans son crochet `]` de fin
e0001-unexpected-text = texte inattendu
e0001-expected = attendu : { $expected }
e0001-lexer = { $why }
e0001-unexpected-rule = `{ $rule }` inattendu là où { $what } était attendu
e0001-missing-rule = `{ $rule }` manque dans cette instruction
e0001-unexpected-in-block = `{ $rule }` inattendu dans un bloc `{ $block }`
e0001-unclosed-block = le bloc `{ $block }` n'est jamais fermé
e0001-label-still-open = le bloc est encore ouvert ici
e0001-help-close-block = ajoutez l'accolade `{"}"}` qui ferme le bloc ouvert ligne { $line }, à l'indentation de sa première ligne
e0001-help-end-of-file = le fichier s'arrête avant qu'un bloc soit fermé : fermez chaque bloc par `{"}"}`
e0001-help-string = un texte s'écrit entre guillemets droits : `"…"` (`\"` pour un guillemet à l'intérieur)
e0001-help-unclosed-string = le texte qui commence ici n'est pas fermé : ajoutez le guillemet droit `"` qui le termine, sur la même ligne
e0001-help-edition = une spec commence par son en-tête : `édition <programme> <profession> <année> {"{"}`, puis ses instructions, et se termine par `{"}"}`
e0001-help-amount-write = écrivez `{ $amount }`
e0001-help-amount = un montant s'écrit `490 €`, `280 points` ou `280 points = 1 960 €` : une espace tous les trois chiffres, une virgule avant les centimes
e0001-help-citation = une citation nomme une source déclarée et sa section entre crochets : `[004 §1.4]`
e0001-help-ident = un identifiant s'écrit en minuscules, chiffres et `_`, et n'est pas un mot du langage
e0001-help-word-here = `{ $word }` ne peut pas se trouver ici : les instructions que ce bloc accepte sont listées ci-dessus (docs/LANGUAGE.md)
e0001-help-see-docs-language-md = docs/LANGUAGE.md décrit les instructions que chaque bloc accepte ; les textes s'écrivent entre guillemets droits
e0001-number-too-large = nombre trop grand
e0001-help-number-too-large = un nombre vaut au plus 9 223 372 036 854 775 807
e0001-too-many-decimals = trop de décimales
e0001-missing-number = nombre manquant
e0001-missing-year = année manquante
e0001-invalid-year = année invalide
e0001-invalid-year-offset = écart d'année invalide
e0001-invalid-day = jour invalide
e0001-invalid-month = mois invalide
e0001-missing-date = date manquante
e0001-missing-amount = montant manquant
e0001-scale-without-bracket = un barème sans tranche : écrivez au moins `0 et plus : …`
e0001-missing-gating = condition de paiement de la section manquante
e0001-unknown-indicator-type = type d'indicateur inconnu
e0001-missing-value = valeur manquante
e0001-missing-evidence-kind = nature du justificatif manquante
e0001-unknown-evidence-case = cas de justificatif inconnu
e0001-missing-condition = condition manquante
e0001-empty-condition = condition vide
e0001-missing-prose-kind = nature du texte manquante
syntax-eof = la fin du fichier
syntax-ident = un identifiant (minuscules, chiffres, `_`)
syntax-source-id = un identifiant de source comme `004`
syntax-string = un texte entre guillemets droits
syntax-prose = un texte entre triples guillemets `"""`
syntax-integer = un nombre entier
syntax-number = un nombre
syntax-year = une année comme `N`, `N+1` ou `N-3`
syntax-date = une date comme `31/12/N`
syntax-approx-date = une date approximative comme `début 12/N`
syntax-euros = un montant en euros comme `490 €`
syntax-points = un montant en points comme `280 points`
syntax-percent = un pourcentage comme `70 %`
syntax-fraction = une fraction comme `2/3`
syntax-duration = une durée comme `3 mois`
syntax-citation = une citation comme `[004 §1.4]`
syntax-amount = un montant comme `280 points = 1 960 €` ou `490 €`
syntax-quantity = un nombre, un pourcentage, une fraction ou un montant
syntax-condition = une condition sur les actes
syntax-compare = une comparaison comme `<` ou `=`
syntax-close-block = `{"}"}` pour fermer le bloc

## E0101 : identifiant en double

e0101-source-declared-twice = la source `{ $source_id }` est déclarée deux fois
e0101-help-each-source-id-names = chaque identifiant de source désigne un seul document source
e0101-section-declared-twice = la section `{ $section_id }` est déclarée deux fois
e0101-label-first-declared-here = première déclaration ici
e0101-help-give-each-section-own = donnez à chaque section son propre identifiant
e0101-annex-declared-twice = l'annexe `{ $annex_id }` est déclarée deux fois
e0101-help-give-each-annex-own = donnez à chaque annexe son propre identifiant
e0101-indicator-declared-twice = l'indicateur `{ $dotted }` est déclaré deux fois
e0101-help-ids-are-stable-across = les identifiants sont stables d'une édition à l'autre : donnez à chaque indicateur le sien
e0101-software-declared-twice = le logiciel `{ $id }` est déclaré deux fois
e0101-help-each-software-role-declared = chaque rôle de logiciel se déclare une seule fois
e0101-measure-declared-twice-indicator = la mesure `{ $id }` est déclarée deux fois dans cet indicateur
e0101-help-give-each-own-id = donnez à chaque `taux`, `nombre` et `constat` son propre identifiant
e0101-option-listed-twice = l'option `{ $option_id }` est listée deux fois
e0101-label-first-listed-here = première mention ici
e0101-help-list-each-option-once = listez chaque option une seule fois, avec `accepte` ou `refuse`
e0101-identification-declared-twice = le champ d'identification `{ $field_id }` est déjà sur le formulaire
e0101-help-identification-common = tout formulaire demande déjà { $common } ; donnez à chaque champ ajouté par `identification` son propre identifiant

## E0102 : référence inconnue

e0102-citation-names-source-edition = la citation nomme la source `{ $citation_source }`, que l'édition ne déclare pas
e0102-help-declare-declared-sources = déclarez-la avec `source` ou `emprunt` ; sources déclarées : { $known }
e0102-help-declare-no-sources = déclarez-la avec `source` ou `emprunt` ; aucune source n'est déclarée
e0102-section-paid-if-section = la section `{ $section_id }` est payée si la section `{ $id }` est atteinte, mais cette section n'existe pas
e0102-help-sections-are = les sections sont : { $known }
e0102-unknown-parent = le sous-indicateur `{ $sub }` nomme le parent `{ $parent }`, qui n'existe pas
e0102-exemption-waives-software-indicator = l'exonération dispense du logiciel `{ $role }`, que cet indicateur ne déclare pas
e0102-help-name-indicator-whole-indicator = nommez un `logiciel` de cet indicateur, ou `tout` pour l'indicateur entier

## E0103 : sous-indicateur hors de son parent

e0103-sub-indicator-stands-outside = le sous-indicateur `{ $sub_id }` est en dehors de tout indicateur
e0103-help-write-inside-parent-indicator = écrivez-le dans son indicateur parent, ou nommez le parent : `sous-indicateur id "…" de parent`
e0103-parent-in-another-section = le sous-indicateur `{ $sub }` est dans la section `{ $section }`, mais son parent `{ $parent }` est dans une autre section
e0103-help-sub-indicator-belongs-indicator = un sous-indicateur appartient à un indicateur de sa propre section
e0103-sub-indicator-names-parent = le sous-indicateur `{ $indicator_id }` nomme le parent `{ $named }` mais se trouve dans `{ $enclosing }`
e0103-help-move-into-parent-correct = déplacez-le dans son parent, ou corrigez le nom après `de`

## E0104 : instruction manquante

e0104-missing = `{ $what }` manque
e0104-help-name-seed-edition-encodes = nommez le document source que cette édition transcrit : `source 004 "004_….txt" "titre"`
e0104-help-edition-points-needs = une édition en points a besoin de `valeur du point 7 €`
e0104-help-say-how-guide-states = dites comment le guide exprime les montants : `unité points` ou `unité euros`
e0104-help-say-when-indicators-are = dites quand les indicateurs sont appréciés : `appréciation au 31/12/N sans proratisation`
e0104-help-give-opening-declaration-window = donnez l'ouverture de la période de déclaration, ou `ouverture inconnue`
e0104-help-give-deadline = donnez la date limite, ou `clôture inconnue`
e0104-help-give-portal-s-one = donnez l'unique graphie du portail : `portail "amelipro"`
e0104-help-give-edition-s-title = donnez le titre de l'édition : `titre "Forfait structure 2025"`
e0104-help-form-edition-declared-indicators = le formulaire d'une édition à indicateurs déclarés a besoin de son attestation sur l'honneur : `attestation "Je certifie …"`
e0104-help-say-who-provides = dites qui fournit l'indicateur : `type déclaratif`, `type déclaratif avec pré-alimentation` ou `type automatisé`
e0104-automated-indicator-measures-nothing = l'indicateur automatisé `{ $dotted }` ne mesure rien
e0104-total-without-optional-share = le total de la section `{ $section }` ne dit pas quelle part en est facultative
e0104-help-total-without-optional-share = ses indicateurs facultatifs paient { $optional_in_words } : écrivez `total { $total } dont { $optional } facultatifs`
e0104-help-add-insurer-measures = ajoutez le `taux`, le `nombre` ou le `constat` que l'Assurance Maladie mesure
e0104-help-give-rate-s-threshold = donnez le seuil du taux : `seuil au moins 70 %` ou `seuil au moins 2/3`

## E0105 : instruction répétée

e0105-given-more-than-once = `{ $what }` est donné plus d'une fois
e0105-given-more-than-once-2 = `{ $name }` est donné plus d'une fois
e0105-label-first-given-here = première fois ici
e0105-help-keep-one-block-states = gardez-en un seul ; un bloc énonce chaque fait une fois
e0105-case-given-more-than = ce cas est donné plus d'une fois
e0105-help-list-each-case-once = listez chaque cas une seule fois

## E0106 : instruction mal placée

e0106-edition-points = `valeur du point` dans une édition qui n'est pas en points
e0106-help-declare-remove-point-value = déclarez `unité points`, ou retirez la valeur du point
e0106-only-section-paid-whole = seule une section `prérequis` est payée d'un bloc
e0106-help-give-each-indicator-section = donnez à chaque indicateur de cette section son propre `montant`

## E0201 à E0204 : montants

e0201-points-point-are = { $points } points à { $euros_in_words } le point font { $euros_in_words2 }, pas { $euros_in_words3 }
e0201-label-these-points = ces points
e0201-help-write-correct-points = écrivez `{ $amount_as_written }`, ou corrigez les points
e0202-add-up = { $what } totalisent { $amount_in_words }, pas { $amount_in_words2 }
e0202-what-sections = les sections
e0202-what-section-whole = la section `{ $section }` est payée { $amount } d'un bloc ; son total et son montant
e0202-what-section-whole-and-optional = la section `{ $section }` est payée { $amount } d'un bloc et { $optional } à ses indicateurs facultatifs ; son total, son montant et les montants de ses indicateurs facultatifs
e0202-what-optional = les indicateurs facultatifs de la section `{ $section }`
e0202-optional-share-without-optional = le total de la section `{ $section }` a une part facultative, mais aucun de ses indicateurs n'est facultatif
e0202-help-optional-share-without-optional = écrivez `facultatif` dans les indicateurs que le guide dit facultatifs, ou retirez `dont … facultatifs` du total
e0202-what-indicators = les indicateurs de la section `{ $section }`
e0202-what-sub-indicators = les sous-indicateurs de `{ $indicator }`
e0202-help-total-should-correct-amounts = le total devrait être `{ $amount_as_written }` ; ou corrigez les montants qu'il additionne
e0203-value-point-positive-amount = la valeur du point est un montant positif avec au plus deux décimales
e0203-help-write = écrivez `valeur du point 7 €`
e0203-amount-euros-has-most = un montant en euros a au plus deux décimales
e0203-help-write-euros-cents-such = écrivez des euros et des centimes, comme `84,50 €`
e0203-edition-states-amounts-euros = cette édition exprime ses montants en euros, pas en points
e0203-help-write-amount-euros-declare = écrivez le montant en euros, ou déclarez `unité points` avec `valeur du point`
e0203-whole-number-points-point = { $euros_in_words } ne font pas un nombre entier de points à { $euros_in_words1 } le point
e0203-help-write-amount-points-guide = écrivez le montant en points, comme le fait le tableau du guide
e0203-amount-too-large = ce montant est trop grand
e0203-help-amount-most-ten-billion = un montant vaut au plus dix milliards d'euros
e0204-indicator-has-own-amount = l'indicateur `{ $indicator_id }` a son propre montant, mais sa section est payée d'un bloc
e0204-help-keep-amount-section-indicators = gardez le montant sur la section, ou sur les indicateurs, pas les deux ; un indicateur que le guide dit facultatif s'écrit `facultatif` et garde son montant
e0204-indicator-never-paid-has = l'indicateur `{ $indicator_id }` n'est jamais payé : il n'a pas de montant
e0204-help-give-when-seed-states = donnez-lui un `montant`, ou `montant inconnu "raison"` quand aucune source ne le donne
e0204-optional-without-amount = l'indicateur facultatif `{ $indicator_id }` n'a pas de montant : un indicateur facultatif est payé pour lui-même, en plus de sa section
e0204-help-optional-without-amount = donnez-lui le `montant` que le guide lui attribue (« dont 120 points facultatifs »), ou `montant inconnu "raison"` quand aucune source ne le donne

## E0301 à E0304 : seuils et conditions

e0301-fraction-cannot-have-below = une fraction ne peut pas avoir 0 sous la barre
e0301-help-write-fraction-between-such = écrivez une fraction entre 0 et 1, comme `2/3`
e0301-rate-cannot-exceed = un taux ne peut pas dépasser 100 %
e0301-help-rate-threshold-lies-between = un seuil de taux est compris entre 0 % et 100 % (une fraction entre 0 et 1)
e0301-identification-digits = un champ d'identification de { $digits } chiffres ne tient pas sur le formulaire
e0301-help-identification-digits = un champ d'identification a de 1 à { $most } cases de chiffres ; sans nombre de chiffres, c'est un champ de texte libre
e0302-rate-compared-percentage-fraction = un taux se compare à un pourcentage ou à une fraction, pas à { $kind }
e0302-help-write = écrivez `seuil au moins 70 %` ou `seuil au moins 2/3`
e0302-count-compared-whole-number = un nombre se compare à un nombre entier, pas à { $kind }
e0302-help-count-write = écrivez `{ $suggestion }` : un nombre se compare à un nombre entier, sans unité
e0302-help-rate-write = écrivez `{ $suggestion }`, ou une fraction comme `2/3`
e0302-help-write-2 = écrivez `seuil au moins 3`
e0303-acts-have-field = les actes n'ont pas de champ `{ $field }`
e0303-yes-field = `{ $field }` n'est pas un champ oui/non
e0303-help-compare = comparez-le comme son genre le veut : `{ $example }`
e0303-takes-list-values = `{ $field }` ne prend pas de liste de valeurs
e0303-age-compared-duration = `{ $field }` est un âge : il se compare à une durée (`3 mois`, `90 jours`)
e0303-compared = `{ $field }` se compare avec `=` ou `≠`
e0303-cannot-compared-value = `{ $field }` ne peut pas être comparé à cette valeur
e0303-value-2 = `{ $value }` n'est pas une valeur de `{ $field }`
e0303-help-fields = les champs d'un acte de cette édition (son bloc `actes`) sont { $fields }
e0304-numerator-rate-counts-every = le numérateur du taux `{ $rate_id }` compte tous les actes : le taux serait toujours de 100 %
e0304-label-numerator-has-condition = ce numérateur n'a pas de condition
e0304-rate-read-from-acts = le taux `{ $rate_id }` est lu dans les actes mais ne dit pas ce que compte son numérateur
e0304-label-reads-from-acts = `{ $statement }` fait lire le taux dans les actes
e0304-help-say-which-acts-count = dites quels actes comptent : `numérateur actes où mode dans {"{"}sesam_vitale, sesam_sans_vitale{"}"} [cit]`
e0304-help-rate-insurer-measures-gives = dites quels actes comptent : `numérateur actes où mode dans {"{"}sesam_vitale, sesam_sans_vitale{"}"} [cit]` ; un taux que l'Assurance Maladie mesure et donne en effectifs n'énonce que son `seuil`

## E0401, E0402 : conditions de paiement des sections

e0401-section-unlocks-itself = la section `{ $section_id }` se débloque elle-même : { $chain }
e0401-help-chain-must-end-section = une chaîne de `complémentaire si` doit aboutir à une section `prérequis` ou `indépendant`
e0402-section-can-never-paid = la section `{ $section_id }` ne peut jamais être payée : la section `{ $requires }`, qui la débloque, n'a pas d'indicateur
e0402-label-section-has-indicator = cette section n'a pas d'indicateur
e0403-optional-sub-indicator = le sous-indicateur `{ $indicator }` ne peut pas être facultatif : seul un indicateur d'une section prérequis l'est
e0403-help-optional-sub-indicator = écrivez `facultatif` dans l'indicateur parent, ou retirez-le
e0403-optional-other-year = l'indicateur `{ $indicator }` est dit facultatif en { $optional_year }, mais l'édition est celle de { $year }
e0403-help-optional-other-year = un indicateur facultatif pour un an l'est l'année de son édition : écrivez `facultatif en N` si le guide { $year } le laisse facultatif ; sinon retirez `facultatif`, son `montant` et la part `dont … facultatifs` du total
e0403-optional-outside-prerequisite = l'indicateur `{ $indicator }` est dit facultatif, mais la section `{ $section }` n'est pas une section prérequis
e0403-help-optional-outside-prerequisite = dans une section complémentaire ou indépendante, chaque indicateur est déjà payé pour lui-même et aucun n'est exigé : retirez `facultatif`
e0403-every-indicator-optional = tous les indicateurs de la section prérequis `{ $section }` sont facultatifs : elle serait atteinte sans qu'aucun ne le soit
e0403-help-every-indicator-optional = une section prérequis exige au moins un indicateur ; si le guide n'en exige aucun, faites-en une section `indépendant` ou `complémentaire si …`
e0402-help-add-indicators-unlocking-section = ajoutez les indicateurs de la section qui débloque, ou rendez cette section `indépendant`

## E0501 à E0504 : indicateurs

e0501-declarative-indicator-has-nothing = l'indicateur déclaratif `{ $dotted }` n'a rien à déclarer sur le formulaire
e0501-help-add-practitioner-fill = ajoutez une `question`, un `choix`, un `logiciel`, un `nombre` ou un `taux` que le praticien remplit
e0502-automated-indicator-asks-practitioner = l'indicateur automatisé `{ $dotted }` demande au praticien de remplir le formulaire
e0502-help-automated-indicator-measured-insurer = un indicateur automatisé est mesuré par l'Assurance Maladie : utilisez `taux`, `nombre` ou `constat`, ou rendez-le déclaratif
e0502-automated-indicator-asks-practitioner-2 = l'indicateur automatisé `{ $dotted }` demande un justificatif au praticien
e0502-help-insurer-measures-write = l'Assurance Maladie le mesure : écrivez `justificatif aucun`
e0503-option-list-validates-indicator = aucune option de cette liste ne valide l'indicateur
e0503-help-mark-options-validate = marquez les options qui le valident par `accepte`
e0504-indicator-pre-filled-but = l'indicateur `{ $dotted }` est pré-alimenté, mais la spec ne dit pas d'où
e0504-help-add = ajoutez `pré-alimentation "source" sinon "ce que fait le praticien"`
e0505-declared-rate-reads-acts = le taux `{ $rate_id }` est déclaré par le praticien (indicateur déclaratif) : il ne se calcule pas à partir des actes, mais `{ $statement }` porte sur les actes
e0505-label-declared-here = taux déclaré sur le formulaire
e0505-help-declared-or-automated = un taux déclaré n'a que son `seuil` (et sa `part`) : retirez les règles sur les actes, ou rendez l'indicateur `type automatisé` si l'Assurance Maladie le mesure
e0506-declared-rate-not-sworn = le taux déclaré de l'indicateur `{ $dotted }` n'est validé par aucune attestation sur l'honneur
e0506-help-add-sworn-statement = ajoutez `justificatif sur l'honneur` (la case d'attestation du formulaire) ou `justificatif sur l'honneur dans la déclaration`

## E0601 à E0603 : dates

e0601-reference-year = `{ $edition_year }` n'est pas une année de référence
e0601-help-reference-year-n-written = l'année de référence N s'écrit avec quatre chiffres, comme `2025`
e0601-year-out-range = cette année est hors limites
e0601-help-reference-year-year-such = l'année de référence est une année comme 2025
e0601-no-such-day = il n'y a pas de { $day } { $month } en { $year }
e0601-help-last-day = { $month } { $year } a { $days } jours : le dernier jour est `{ $date }`
e0601-no-such-month = il n'y a pas de mois { $month }
e0601-help-write-day-then-month = écrivez le jour, puis le mois de 1 à 12 : `{ $date }`
e0602-declaration-window-closes-before = la période de déclaration se ferme le { $close }, avant de s'ouvrir le { $open }
e0602-label-opens-here = elle s'ouvre ici
e0602-help-check-years-deadline-january = vérifiez les années : une date limite en janvier ou février est en général en `N+1`
e0603-declaration-window-closes-before = la période de déclaration se ferme le { $close }, avant l'appréciation des indicateurs le { $assessment }
e0603-help-deadline-falls-after-reference = la date limite tombe après l'année de référence : écrivez-la avec `N+1`

## E0701 : repère inconnu

e0701-unknown-placeholder = repère inconnu `{"{"}{ $inner }{"}"}`
e0701-help-did-you-mean = vouliez-vous dire `{ $placeholder }` ?
e0701-help-placeholders-are = les repères sont {"{"}N{"}"}, {"{"}N+1{"}"}, {"{"}N-3{"}"}, {"{"}31/12/N{"}"}, {"{"}an 2021{"}"}, {"{"}ouverture{"}"}, {"{"}clôture{"}"}, {"{"}portail{"}"}, {"{"}nombre <section>{"}"}, {"{"}nombre <section> déclaratifs|automatisés{"}"}, {"{"}total <section>{"}"}, {"{"}total maximal{"}"}, {"{"}montant <section ou indicateur>{"}"}

## W0201 à W0203 : textes

w0201-literal-year-written-relative = l'année `{ $literal }` n'est pas écrite par rapport à N
w0201-help-optional-year-relative = écrivez `facultatif en { $year }` : une spec recopiée l'an prochain ne garderait pas une année périmée
w0201-help-write-date-relative = écrivez `{ $date }`, pour que l'édition suivante se décale avec N
w0201-help-write-if-follows-reference = écrivez `{"{"}{ $relative_name }{"}"}` si elle suit l'année de référence, ou `{"{"}an { $literal }{"}"}` si c'est une année fixe
w0202-portal-spelled-here = le portail s'écrit `{ $written }` ici
w0202-help-write-so-every-output = écrivez `{"{"}portail{"}"}`, pour que chaque document l'écrive de la même façon
w0203-count-indicators-typed-hand = `{ $written }` : un nombre d'indicateurs tapé à la main
w0203-help-write-compiler-counts = écrivez `{"{"}nombre <section>{"}"}` ou `{"{"}nombre <section> déclaratifs{"}"}`, que le compilateur compte
w0203-count-in-words = `{ $written }` : un nombre d'indicateurs écrit en toutes lettres
w0205-amount-typed-hand = `{ $written }` : un montant de l'édition tapé à la main
w0205-help-write-placeholder = écrivez { $placeholders }, que le compilateur calcule : l'édition suivante ne gardera pas un montant périmé

## W0301, W0302 : provenance, nom du fichier

w0301-amount-without-provenance = montant sans provenance
w0301-exclusion-without-provenance = exclusion sans provenance
w0301-threshold-without-provenance = seuil sans provenance
w0301-indicator-has-provenance = l'indicateur `{ $dotted }` n'a pas de provenance
w0301-help-cite = citez la source qui l'énonce, avec sa section : `{ $example }`
w0301-help-cite-no-source = déclarez d'abord la source : `source 004 "004_….txt" "titre"`, puis citez-la : `[004 §…]`
w0302-edition-belongs = cette édition va dans `specs/{ $expected }`, pas dans `{ $path }`
w0302-help-name-file-after-programme = nommez le fichier d'après son programme, sa profession et son année, pour que les outils le trouvent

## W0801 : marques de `new-year`

w0303-no-paper-route = l'édition ne dit pas où renvoyer le formulaire papier (ni `papier … renvoi …`, ni `papier inconnu`)
w0303-help-paper-route = écrivez `papier "…" renvoi "…"` avec la citation du guide qui décrit la voie papier, ou d'un guide emprunté (`emprunt`) en disant pourquoi, ou `papier inconnu "raison"` si aucune source ne la décrit : le formulaire dit alors « à votre caisse » ; une date limite que le guide ne donne pas s'écrit `clôture inconnue`, et le formulaire dit alors « date limite : non communiquée à la date de publication »
w0801-review-marker = marque de revue laissée par `new-year` : { $what }
w0801-help-review = vérifiez ce que la marque signale (l'année est-elle encore juste pour N ?), corrigez si besoin, puis supprimez la ligne de commentaire

## Entrées et sorties

io-cannot-read = erreur : impossible de lire `{ $path }` : { $error }
diff-across = erreur : ces éditions ne sont pas deux années d'un même guide : { $old } d'un côté, { $new } de l'autre ; leurs différences et les gains ou pertes qui en résulteraient n'auraient pas de sens. Ajoutez `--across` pour les comparer tout de même.

## E0002: limits of a spec
e0002-too-large = fichier de { $size } octets, au-delà de la limite de { $limit } octets (8 Mio) d'une spec
e0002-help-too-large = une édition tient en quelques dizaines de kilo-octets : découpez ou corrigez ce fichier
e0002-too-deep = imbrication de plus de { $max } niveaux de blocs et de parenthèses
e0002-label-level = niveau { $level }
e0002-help-too-deep = une spec imbrique au plus { $max } blocs et parenthèses les uns dans les autres ; simplifiez la condition (`ou`, `et` s'enchaînent sans parenthèses) ou la hiérarchie des sous-indicateurs
e0107-continued-twice = `{ $later }` reprend `{ $old }`, que `{ $first }` reprend déjà
e0107-label-first-continues = première reprise
e0107-help-split = si `{ $old }` est scindé entre `{ $first }` et `{ $later }`, écrivez `reprend { $old } en partie` dans chacun des deux ; sinon, un seul le reprend

## W0204: invisible characters
w0204-suspicious = { $what } U+{ $code } dans la spec
w0204-label-here = ici (invisible)
w0204-help-remove = supprimez-le : il fait lire le texte autrement qu'il n'est écrit, et le code Rust généré qui le contiendrait ne compilerait pas
w0304-source-file-not-found = le fichier source `{ $file }` n'est dans aucun dossier de sources
w0304-help-source-folders = les dossiers de sources trouvés à partir de la spec sont { $folders } ; corrigez le nom du fichier, ou placez-y le document
w0305-annex-not-declared = ce justificatif renvoie à une annexe que l'édition ne déclare pas
w0305-help-declare-annex = déclarez l'annexe (`annexe <id> "titre" [cit] """…"""`) pour que le guide la donne, ou retirez le renvoi

## Erreurs d'entrée-sortie (le genre d'erreur, en mots)

io-kind-not-found = fichier ou dossier introuvable
io-kind-permission-denied = permission refusée
io-kind-already-exists = le fichier existe déjà
io-kind-invalid-data = contenu illisible (ce n'est pas du texte UTF-8)
io-kind-is-a-directory = c'est un dossier, pas un fichier
io-kind-not-a-directory = un élément du chemin n'est pas un dossier
io-kind-storage-full = plus de place sur le disque
io-kind-read-only = système de fichiers en lecture seule
io-kind-address-in-use = adresse déjà utilisée (un autre programme écoute sur ce port ?)
io-kind-address-not-available = adresse indisponible sur cette machine
io-kind-interrupted = opération interrompue
io-kind-other = erreur d'entrée-sortie ({ $detail })

## guidec serve : l'aperçu en direct

serve-listening = guidec serve : aperçu sur { $url } (specs de `{ $specs }`, reconstruites à chaque enregistrement) ; Ctrl+C pour arrêter
serve-rebuilt = version { $version } : { $specs } { $specs ->
    [one] spec vérifiée
   *[other] specs vérifiées
}, { $files } fichiers servis, { $warnings } { $warnings ->
    [one] avertissement
   *[other] avertissements
}
serve-rebuild-failed = version { $version } : { $errors } { $errors ->
    [one] erreur
   *[other] erreurs
}, { $warnings } { $warnings ->
    [one] avertissement
   *[other] avertissements
} ; les pages montrent le rapport de vérification, la dernière version valide reste sous /_guidec/precedente/
serve-rebuild-problem = version { $version } : { $problem }
serve-not-loopback = erreur : `{ $address }` n'est pas une adresse de bouclage ; l'aperçu n'écoute que sur 127.0.0.1 ou ::1, sauf avec `--allow-remote` (le site est alors lisible depuis le réseau)
serve-cannot-bind = erreur : impossible d'écouter sur { $address } : { $error }
serve-cannot-watch = erreur : impossible de surveiller `{ $path }` : { $error }
serve-watch-ended = erreur : la surveillance de `{ $path }` s'est arrêtée
serve-cannot-read-specs = impossible de lire le dossier des specs `{ $path }` : { $error }
serve-cannot-read-spec = impossible de lire `{ $path }` : { $error }
serve-backend-failed = la construction a échoué : { $detail }
serve-specs-changed = les specs ont changé pendant la construction ; elle reprendra au prochain enregistrement
serve-cannot-write = la construction a réussi mais l'écriture dans `{ $path }` a échoué : { $detail }
serve-page-title-failed = Des specs ont des erreurs
serve-page-title-ok = Vérification des specs
serve-page-summary = { $errors } { $errors ->
    [one] erreur
   *[other] erreurs
} et { $warnings } { $warnings ->
    [one] avertissement
   *[other] avertissements
} dans { $specs } { $specs ->
    [one] spec
   *[other] specs
}.
serve-page-waiting = Les pages du site s'afficheront de nouveau dès que les erreurs seront corrigées ; cette page se recharge à chaque enregistrement.
serve-page-last-good = Voir la dernière version valide du site (version { $version })
serve-page-no-last-good = Aucune version valide du site n'a encore été construite.
serve-page-site = Aller au site (version { $version })
serve-page-error = erreur
serve-page-warning = avertissement
serve-page-help = aide
serve-page-home = Retour au site
serve-refused-title = Adresse refusée
serve-refused-method = Seules les méthodes GET et HEAD sont servies.
serve-refused-host = Cet aperçu ne répond qu'aux adresses locales (127.0.0.1, localhost, ::1).
serve-refused-too-long = L'adresse est trop longue.
serve-refused-not-a-path = L'adresse n'est pas un chemin du site.
serve-refused-encoding = L'adresse contient un encodage invalide (un « % » non suivi de deux chiffres hexadécimaux, ou des octets qui ne sont pas de l'UTF-8).
serve-refused-dot-segment = L'adresse contient un segment « . » ou « .. », un segment vide ou un nom caché.
serve-refused-character = L'adresse contient un séparateur encodé, une barre oblique inverse, deux-points ou un caractère de contrôle.
serve-not-found-title = Page introuvable
serve-not-found = `{ $path }` n'est pas un fichier du site construit.
io-path-not-found = `{ $path }` n'existe pas

## La ligne de commande

word-and = et
cli-error = erreur : { $error }
cli-cannot-serialise = erreur : impossible d'écrire le JSON : { $error }
cli-cannot-write = erreur : impossible d'écrire `{ $path }` : { $error }
cli-cannot-create = erreur : impossible de créer `{ $path }` : { $error }
cli-case-error = erreur : { $path }:{ $error }
cli-exists-use-force = erreur : `{ $path }` existe déjà ; passez `--force` pour le remplacer
cli-backend-failed = erreur : { $detail }
    construction échouée : rien n'a été écrit
cli-build-removed-temporary = supprimé { $path } (laissé par une construction interrompue)
cli-build-wrote = écrit { $path }
cli-build-removed = supprimé { $path }
cli-build-ok = construction réussie : { $specs } { $specs ->
    [one] spec
   *[other] specs
}, { $files } { $files ->
    [one] fichier
   *[other] fichiers
} : { $written } { $written ->
    [one] écrit
   *[other] écrits
}, { $unchanged } { $unchanged ->
    [one] inchangé
   *[other] inchangés
}, { $removed } { $removed ->
    [one] supprimé
   *[other] supprimés
}
cli-build-write-failed = erreur : { $detail }
    construction échouée pendant l'écriture
cli-new-year-wrote = écrit { $path } ({ $from } → { $to }) : { $lines } { $lines ->
    [one] ligne à revoir, marquée
   *[other] lignes à revoir, marquées
} `{ $marker }`
cli-new-year-check = vérification : 0 erreur, { $warnings } { $warnings ->
    [one] avertissement
   *[other] avertissements
}
cli-new-year-check-unflagged = { $summary }, hors des lignes marquées : { $warnings }
cli-fmt-failed = erreur : `{ $path }` n'est pas mise en forme : { $why }
cli-fmt-would-reformat = serait mise en forme : { $path }
cli-fmt-formatted = mise en forme : { $path }

## guidec fmt

fmt-does-not-parse = la spec ne se lit pas ({ $error })
fmt-no-detail = sans détail
fmt-left-unchanged = laissée telle quelle : { $why }
fmt-would-not-parse = le texte mis en forme ne se lirait plus ({ $error })
fmt-would-change-meaning = le texte mis en forme ne dirait plus la même chose
fmt-would-lose-comments = le texte mis en forme perdrait des commentaires

## guidec new-year

new-year-old-spec-has-errors = la spec a des erreurs ; lancez `guidec check`
new-year-new-spec-would-not-check = la nouvelle spec ne passerait pas la vérification : { $errors }
new-year-coded = { $code } { $message }
new-year-year-not-after = la nouvelle année { $year } doit venir après l'année de la spec, { $old }

## guidec build : l'écriture des sorties

build-cannot-read = impossible de lire `{ $path }` : { $error }
build-cannot-read-specs = impossible de lire les specs de `{ $path }` : { $error }
build-cannot-read-cases = impossible de lire les cas de `{ $path }` : { $error }
build-refused-not-plain = écriture refusée de `{ $path }` : ce n'est pas un chemin simple dans le dossier des sorties
build-name-too-long = impossible d'écrire `{ $path }` : son nom fait { $bytes } octets, au-delà des { $max } qu'accepte un système de fichiers
build-cannot-inspect = impossible d'examiner `{ $path }` : { $error }
build-refused-link = écriture refusée de `{ $path }` : `{ $link }` est un lien symbolique, et guidec n'écrit jamais à travers un lien dans son dossier des sorties ; supprimez le lien
build-not-a-file = impossible d'écrire `{ $path }` : autre chose qu'un fichier s'y trouve
build-not-a-folder = impossible d'écrire `{ $path }` : `{ $file }` n'est pas un dossier
build-cannot-remove = impossible de supprimer `{ $path }` : { $error }
build-cannot-write = impossible d'écrire `{ $path }` : { $error }
build-cannot-replace = impossible de remplacer `{ $path }` : { $error }
build-nothing-replaced = rien n'a été remplacé : chaque sortie garde son contenu précédent
build-new-content = { $files } { $files ->
    [one] fichier a
   *[other] fichiers ont
} leur nouveau contenu :
build-old-content = { $files } { $files ->
    [one] fichier garde
   *[other] fichiers gardent
} leur contenu précédent :
build-new = nouveau
build-old = ancien

## guidec test

io-cannot-read-plain = impossible de lire `{ $path }` : { $error }
runner-spec-has-errors = `{ $path }` a des erreurs ; lancez `guidec check { $path }`
runner-not-a-folder = `{ $path }` n'est pas un dossier de cas
runner-cannot-read-case = impossible de lire le cas : { $error }
runner-no-expected = pas de bloc `attendu` : un cas donne le résultat calculé à la main
runner-engines-disagree = le code généré ne donne pas le résultat de l'interpréteur :
      interpréteur : { $reference }
      code généré :  { $generated }
runner-cannot-serialise = impossible d'écrire le résultat en JSON : { $error }
runner-generated-cannot-run = le code généré ne peut pas évaluer ce cas : { $error }
runner-generated-no-edition = le code généré n'a pas d'édition `{ $edition }` : lancez `guidec build`
runner-expected-got = { $field } : attendu { $expected }, obtenu { $got }
runner-no-such-section = sections.{ $id } : l'édition n'a pas cette section
runner-no-such-indicator = indicateurs.{ $id } : l'édition n'a pas cet indicateur
runner-case-failed = ÉCHEC { $path }
runner-edition-line = { $edition } : { $cases } { $cases ->
    [one] cas
   *[other] cas
}, { $passed } { $passed ->
    [one] réussi
   *[other] réussis
} (moteurs : { $engines }) ; indicateurs décidés { $decided } ; branches { $branches } (statuts { $statuses }, exclusions { $exclusions }, portes { $gates })
runner-undecided = aucun cas ne décide : { $ids }
runner-unseen-statuses = statuts qu'aucun cas ne montre : { $statuses }
runner-coverage-incomplete = couverture des indicateurs incomplète

## La ligne de commande mal écrite

cli-usage-unknown-command = erreur : commande inconnue `{ $command }`
cli-usage-unknown-argument = erreur : option ou argument inattendu `{ $argument }`
cli-usage-invalid-value = erreur : valeur invalide `{ $value }` pour `{ $argument }`
cli-usage-missing-argument = erreur : il manque { $argument }
cli-usage-missing-command = erreur : il manque la commande (`check`, `build`, `serve`…)
cli-usage-conflict = erreur : `{ $argument }` ne va pas avec `{ $other }`
cli-usage-valid-values = valeurs possibles : { $values }
cli-usage-more = Pour en savoir plus : `guidec --help` (ou `guidec COMMANDE --help`).
serve-too-many-watches = le système refuse de surveiller plus de fichiers (augmentez `fs.inotify.max_user_watches`)
e0303-help-values = les valeurs de `{ $field }` sont { $values }
e0303-number-compared-number = `{ $field }` est un nombre : il se compare à un nombre entier
e0303-date-compared-date = `{ $field }` est une date : elle se compare à une date (`01/07/N`)
e0305-key-twice = le nom `{ $key }` est déjà pris dans le schéma des actes
e0305-label-first = pris ici
e0305-help-key-twice = chaque champ d'un acte a son nom et sa clé, distincts de `date` et de `nombre` (le jour de l'acte et le nombre d'actes que la ligne compte)
e0305-value-twice = la valeur `{ $value }` de `{ $field }` est écrite deux fois
e0305-help-value-twice = gardez une seule fois chaque valeur d'une liste
e0305-default = la valeur par défaut `{ $value }` n'est pas dans la liste de `{ $field }`
e0305-help-default = la valeur par défaut est l'une des valeurs de la liste
e0305-too-many-bits = les champs d'un acte demandent { $bits } bits : un acte en garde { $words } mots de 32 bits
e0305-help-too-many-bits = une date, un âge ou un nombre prend un mot, un oui/non un bit, une liste les bits de ses rangs : retirez les champs que les règles ne lisent pas
e0306-no-schema = cette condition porte sur des actes, mais l'édition ne déclare pas leurs champs
e0306-help-declare = déclarez les champs d'un acte dans l'édition : `actes {"{"} oui/non ame "bénéficiaire de l'aide médicale d'État" {"}"}`
e0306-no-first-claim = la période individualisée part de la première FSE, mais le schéma des actes ne dit pas quels actes en sont
e0306-help-first-claim = dites-le dans le bloc `actes` : `première fse actes où mode dans {"{"}sesam_vitale, sesam_sans_vitale{"}"}`
e0202-what-parts = les parts de `{ $indicator }`
e0202-known-exceeds-stated = les montants connus de la section `{ $section }` font déjà { $known }, plus que le total indiqué, { $stated }
e0202-help-known-exceeds-stated = un montant inconnu ne fait qu'ajouter au total : corrigez le total ou les montants connus
e0205-points-not-whole-cents = { $points } points à { $euros_in_words } le point font { $euros } € : pas un nombre entier de centimes
e0205-help-points-whole-cents = les euros se comptent en centimes entiers ; vérifiez les points dans le tableau du guide
e0206-part-without-threshold = une part est payée quand le seuil de sa mesure est atteint, mais cette mesure n'a pas de seuil
e0206-help-part-needs-threshold = donnez à la mesure son `seuil`, ou retirez la part
e0206-part-in-section-paid-whole = l'indicateur `{ $indicator }` partage son montant en parts, mais sa section est payée d'un bloc
e0206-part-beside-sub-indicators = l'indicateur `{ $indicator }` a des parts et des sous-indicateurs : son montant viendrait des deux
e0206-too-many-parts = l'indicateur `{ $indicator }` a plus de { $most } parts
e0206-help-parts-paid-by-indicator = les parts vont sur les mesures d'un indicateur payé pour lui-même, sans sous-indicateurs
e0206-parts-of-unknown-amount = l'indicateur `{ $indicator }` a des parts connues mais un montant inconnu
e0206-help-parts-state-amount = son montant est la somme de ses parts : écrivez `montant { $amount_as_written }`, ou retirez-le
e0207-rest-without-total = `reste inconnu` dans la section `{ $section }`, qui n'indique pas de `total`
e0207-rest-in-section-paid-whole = `reste inconnu` dans la section `{ $section }`, qui est payée d'un bloc
e0207-nothing-left = `reste inconnu` dans la section `{ $section }`, mais ses indicateurs font déjà son total, { $total }
e0207-help-rest = `reste inconnu "raison"` dit que le total indiqué par le guide compte des éléments qu'aucune source ne détaille
e0210-per-unit-nothing = un montant par unité qui ne paie rien
e0210-help-per-unit-nothing = écrivez ce que rapporte chaque unité, par exemple `5 points par patients, au plus 360 points`
e0210-cap-not-multiple = le plafond { $cap } n'est pas un nombre entier de fois { $per_unit } par unité
e0210-help-cap-multiple = le plafond est atteint à une unité près : écrivez `au plus { $lower }` ou `au plus { $upper }`, comme le guide le donne
e0210-first-not-zero = le barème commence à { $from } : les valeurs de 0 à { $from } exclu n'ont pas de tranche
e0210-help-first-not-zero = commencez par une tranche `de 0 à …`, qui peut payer `0 point`
e0210-after-open = une tranche suit la tranche ouverte `{ $from } et plus`
e0210-help-after-open = seule la dernière tranche s'écrit `… et plus` ; les autres `de … à …`
e0210-overlap = cette tranche commence à { $from }, déjà compris dans la précédente (jusqu'à { $to })
e0210-gap = les valeurs de { $gap_from } à { $gap_to } n'ont pas de tranche
e0210-help-next-from = les tranches se suivent : celle-ci commence à { $next }
e0210-bracket-backwards = la tranche va de { $from } à { $to } : ses bornes ne croissent pas
e0210-help-bracket-backwards = écrivez la plus petite valeur d'abord : `de { $to } à { $from }`, dans l'ordre des tranches
e0210-amount-decreases = cette tranche paie { $amount }, moins que la précédente ({ $before })
e0210-help-amount-decreases = un barème paie autant ou plus à mesure que la mesure croît ; vérifiez le tableau du guide
e0210-last-closed = la dernière tranche s'arrête à { $to } : au-delà, le barème ne dit rien
e0210-help-last-closed = écrivez la dernière tranche ouverte : `{ $from } et plus : { $amount }`
e0211-measure-unknown = le montant de `{ $indicator }` suit `{ $measure }`, qui n'est pas un `nombre` de cet indicateur
e0211-measure-is-rate = le montant de `{ $indicator }` suit le taux `{ $measure }` : un barème suit un `nombre`
e0211-help-declare-count = déclarez la mesure dans l'indicateur : `nombre { $measure } "…" [source]`
e0211-help-counts-are = les nombres de cet indicateur : { $counts }
e0211-measure-with-part = le nombre `{ $measure }` porte une `part` et règle aussi le montant par un barème
e0211-help-measure-with-part = un indicateur est payé par ses parts ou par un barème, pas les deux
e0211-beside-sub-indicators = `{ $indicator }` a des sous-indicateurs et un montant selon un barème
e0211-help-beside-sub-indicators = donnez le barème au sous-indicateur qui mesure
e0211-nothing-decides = rien ne dit quand `{ $indicator }` est atteint : son seul nombre, `{ $measure }`, n'a pas de seuil et ne fait que régler le montant
e0211-help-nothing-decides = écrivez le seuil à partir duquel l'indicateur est atteint : `nombre { $measure } "…" {"{"} seuil au moins 1 {"}"}`
e0211-section-scaled = le montant d'une section ne peut pas suivre `{ $measure }` : une section n'a pas de mesure
e0211-help-section-scaled = donnez le barème à l'indicateur qui déclare le nombre
