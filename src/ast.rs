//! The owned syntax tree of a spec file, as written, every node spanned.
//!
//! The parser builds it from pest's pairs; the checker resolves it into the IR.
//! Nothing here is validated beyond the grammar: statements may be missing,
//! repeated or contradictory, and the checker says so.

use crate::span::{Span, Spanned};

/// An identifier as written.
pub type Ident = Spanned<String>;

/// A quoted text as written (escapes resolved, placeholders not yet).
pub type Text = Spanned<String>;

/// `[004 §1.4]`: the seed and the place in it that states a fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// The source id (`004`).
    pub source: Spanned<String>,
    /// Section, page, table or note within the source, if given.
    pub locator: Option<String>,
    /// The whole citation.
    pub span: Span,
}

/// A year: relative to N, or a literal year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Year {
    /// `N`, `N+1`, `N-3`: the offset from the reference year.
    Relative(i32),
    /// `2022`: a literal year (the checker warns).
    Literal(i32),
}

/// `jj/mm/année`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Date {
    /// Day of the month.
    pub day: u32,
    /// Month, 1 to 12 (checked later).
    pub month: u32,
    /// The year.
    pub year: Year,
    /// Where it was written.
    pub span: Span,
}

/// A date the guide may give exactly, approximately, or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateSpec {
    /// `15/12/N`
    Exact(Date),
    /// `début 12/N`: the first days of a month (day is 1).
    Early(Date),
    /// `inconnue`
    Unknown(Span),
}

/// A number with its exact decimal value: `mantissa / 10^scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    /// The digits without the comma.
    pub mantissa: i64,
    /// How many digits stood after the comma.
    pub scale: u32,
}

impl Decimal {
    /// The exact value, `None` when it does not fit.
    pub fn ratio(self) -> Option<num_rational::Ratio<i64>> {
        let denominator = 10i64.checked_pow(self.scale)?;
        Some(num_rational::Ratio::new(self.mantissa, denominator))
    }

    /// `self × factor` when it is a whole number (`22,5 × 700` cents), `None` when it is not
    /// whole or does not fit.
    pub fn times_whole(self, factor: i64) -> Option<i64> {
        let product = num_traits::CheckedMul::checked_mul(
            &self.ratio()?,
            &num_rational::Ratio::from_integer(factor),
        )?;
        product.is_integer().then(|| product.to_integer())
    }
}

impl std::fmt::Display for Decimal {
    /// As a French text writes it: `22,5`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.ratio() {
            Some(value) => f.write_str(&crate::wording::rational_in_words(value)),
            None => write!(f, "{}", self.mantissa),
        }
    }
}

/// An amount as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmountValue {
    /// `280 points`, `22,5 points`
    pub points: Option<Spanned<Decimal>>,
    /// `1 960 €`
    pub euros: Option<Spanned<Decimal>>,
    /// The whole amount.
    pub span: Span,
}

/// A threshold or comparison operand as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// `70 %`
    Percent(Decimal),
    /// `2/3`
    Fraction(i64, i64),
    /// `350 €`
    Euros(Decimal),
    /// `50 points`
    Points(i64),
    /// `3 mois`, `90 jours`
    Duration(i64, DurationUnit),
    /// `3`
    Count(i64),
}

/// Units of a duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    /// days
    Days,
    /// calendar months
    Months,
    /// calendar years
    Years,
}

/// `au moins` or `plus de`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdOp {
    /// ≥
    AtLeast,
    /// >
    MoreThan,
}

/// `seuil au moins 70 %`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Threshold {
    /// The comparison.
    pub op: ThresholdOp,
    /// The value compared with.
    pub value: Spanned<Quantity>,
    /// Provenance.
    pub citation: Option<Citation>,
    /// The whole statement.
    pub span: Span,
}

/// A whole spec file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// Its one edition.
    pub edition: Edition,
}

/// `édition <programme> <profession> <année> { ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edition {
    /// `fami`, `forfait_structure`.
    pub programme: Ident,
    /// The profession id of the header (`<profession>` in `specs/<programme>/<profession>-<year>.guide`).
    pub profession: Ident,
    /// The reference year N.
    pub year: Spanned<i64>,
    /// Its statements, in order.
    pub items: Vec<EditionItem>,
    /// The header `édition ... {`.
    pub header_span: Span,
}

/// A statement of an edition block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditionItem {
    /// `titre "..."`
    Title(Text, Option<Citation>, Span),
    /// `source 004 "file" "title"`
    Source(Source),
    /// `emprunt 002 "file" "title" "reason"`
    Borrow(Source, Text),
    /// `convention "..."`
    Convention(Text, Option<Citation>, Span),
    /// `valeur du point 7 €`
    PointValue(Spanned<Decimal>, Option<Citation>, Span),
    /// `unité points|euros`
    Unit(Spanned<Unit>),
    /// `appréciation au 31/12/N sans proratisation`
    Assessment(Date, bool, Option<Citation>, Span),
    /// `ouverture ...`
    Opening(DateSpec, bool, Option<Citation>, Span),
    /// `clôture ...`
    Closing(DateSpec, Option<ClosingTime>, bool, Option<Citation>, Span),
    /// `paiement "..."`
    Payment(Text, Option<Citation>, Span),
    /// `portail "amelipro"`
    Portal(Text, Span),
    /// `programme "Forfait structure"`
    Programme(Text, Span),
    /// `profession "…" au singulier "…"`
    Profession(Text, Option<Text>, Span),
    /// `en ligne "menu" bouton "..."`
    Online(Text, Option<Text>, Option<Citation>, Span),
    /// `papier "..." renvoi "..."`
    Paper(Text, Text, Option<Citation>, Span),
    /// `papier inconnu "raison"`
    PaperUnknown(Text, Option<Citation>, Span),
    /// `identification id "libellé" 9 chiffres`
    Identification(Identification),
    /// `attestation "..."`
    Sworn(Text, Option<Citation>, Span),
    /// `total maximal ...`
    MaxTotal(AmountValue, Option<Citation>, Span),
    /// `actes { ... }`
    ActSchema(ActSchema),
    /// `section ...`
    Section(Section),
    /// `annexe ...`
    Annex(Annex),
    /// Prose.
    Prose(Prose),
}

/// A seed: `source 004 "004_....txt" "title"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// `004`
    pub id: Spanned<String>,
    /// The seed's file name.
    pub file: Text,
    /// Its title.
    pub title: Text,
    /// The statement.
    pub span: Span,
}

/// How amounts are stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// In points, converted with the point value.
    Points,
    /// In euros.
    Euros,
}

/// `inclus` or `minuit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClosingTime {
    /// The whole day.
    Included,
    /// Until midnight.
    Midnight,
}

/// `section id "title" gating [cit] { ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Stable id.
    pub id: Ident,
    /// Title.
    pub title: Text,
    /// How it is paid.
    pub gating: Spanned<Gating>,
    /// Provenance.
    pub citation: Option<Citation>,
    /// Statements.
    pub items: Vec<SectionItem>,
    /// The header.
    pub header_span: Span,
}

/// How a section is paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gating {
    /// All-or-nothing, unlocks others.
    Prerequisite,
    /// Paid when the named section is met.
    Complementary(Ident),
    /// Paid whatever.
    Independent,
}

/// A statement of a section block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SectionItem {
    /// `montant ...`
    Amount(AmountStmt),
    /// `total ...`
    Total(AmountValue, Option<Citation>, Span),
    /// `reste inconnu "raison"`
    UnknownRest(Text, Option<Citation>, Span),
    /// `dont 120 points facultatifs` of a `total`: the part its optional indicators pay (written
    /// before the `total` it belongs to).
    OptionalShare(AmountValue, Span),
    /// `indicateur ...`
    Indicator(Indicator),
    /// `sous-indicateur ... de parent`
    SubIndicator(Indicator),
    /// Prose.
    Prose(Prose),
}

/// `montant ...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmountStmt {
    /// The amount, or `inconnu` with the reason; the maximum for `jusqu'à … selon`.
    pub value: Result<AmountValue, Text>,
    /// `jusqu'à … selon "raison"`: what the amount depends on, the scale unknown.
    pub scale: Option<Text>,
    /// `… par <nombre>, au plus …` or `barème selon <nombre> { … }`: an amount scaled by a
    /// measure of the indicator; `value` is then its maximum (the cap, the last bracket's amount).
    pub measured: Option<MeasuredAmount>,
    /// Provenance.
    pub citation: Option<Citation>,
    /// The statement.
    pub span: Span,
}

/// An amount scaled by a `nombre` of its indicator, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasuredAmount {
    /// The id of the `nombre` it depends on.
    pub measure: Spanned<String>,
    /// How it depends on it.
    pub rule: MeasuredRule,
}

/// How a scaled amount depends on its measure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MeasuredRule {
    /// `5 points par patients, au plus 360 points`: the amount per unit (the cap is the
    /// statement's `value`).
    PerUnit(AmountValue),
    /// `barème selon patients { … }`: its brackets, in order.
    Brackets(Vec<Bracket>),
}

/// `de 10 à 49 : 120 points`, `50 et plus : 360 points`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bracket {
    /// The least value of the bracket.
    pub from: Spanned<i64>,
    /// The greatest, included; `None` for `… et plus`.
    pub to: Option<Spanned<i64>>,
    /// What it pays.
    pub amount: AmountValue,
    /// Provenance.
    pub citation: Option<Citation>,
    /// The whole bracket.
    pub span: Span,
}

/// `indicateur` or `sous-indicateur`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    /// Stable id.
    pub id: Ident,
    /// What it asks, in the guide's words.
    pub title: Text,
    /// `de <parent>`, for a sub-indicator.
    pub parent: Option<Ident>,
    /// Provenance.
    pub citation: Option<Citation>,
    /// Statements.
    pub items: Vec<IndicatorItem>,
    /// The header.
    pub header_span: Span,
}

/// The three kinds of indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Declared.
    Declarative,
    /// Declared, pre-filled.
    Prefilled,
    /// Measured.
    Automated,
}

/// A statement of an indicator block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndicatorItem {
    /// `numéro 3`
    Number(Spanned<i64>),
    /// `type ...`
    Kind(Spanned<Kind>, Option<Citation>),
    /// `montant ...`
    Amount(AmountStmt),
    /// `reprend a, b en partie "reason"`; the flag is `en partie`.
    Continues(Vec<Ident>, bool, Option<Text>, Option<Citation>, Span),
    /// `question "..."`
    Question(Text, Option<Citation>, Span),
    /// `texte libre "..." obligatoire si oui`
    FreeText(Text, bool, Option<Citation>, Span),
    /// `logiciel id "label"`
    Software(Ident, Text, Option<Citation>, Span),
    /// `choix ...`
    Choice(Choice),
    /// `taux ...`
    Rate(Rate),
    /// `délai 31/01/N+1 [cit]`
    Deadline(Date, Option<Citation>, Span),
    /// `nombre ...`
    Count(Count),
    /// `constat id "..."`
    Finding(Ident, Text, Option<Citation>, Span),
    /// `pré-alimentation "source" sinon "..."`
    Prefill(Text, Option<Text>, Option<Citation>, Span),
    /// `justificatif ...`
    Evidence(Evidence),
    /// `facultatif [cit]`, `facultatif en N [cit]`: optional, always or for the year given.
    Optional(Option<Spanned<Year>>, Option<Citation>, Span),
    /// `neutralisé "..."`
    Neutralised(Text, Option<Citation>, Span),
    /// `exonération what "..."`
    Exemption(Ident, Text, Option<Citation>, Span),
    /// `sous-indicateur ...`
    SubIndicator(Indicator),
    /// Prose.
    Prose(Prose),
}

/// `choix unique|multiple "label" { options }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Several boxes may be ticked.
    pub multiple: bool,
    /// The question.
    pub label: Text,
    /// Provenance.
    pub citation: Option<Citation>,
    /// The options.
    pub options: Vec<ChoiceOption>,
    /// The header.
    pub span: Span,
}

/// `accepte|refuse id "label" ...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceOption {
    /// Whether it validates the indicator.
    pub accepted: bool,
    /// Stable id.
    pub id: Ident,
    /// Label.
    pub label: Text,
    /// `au moins N par an`.
    pub minimum_per_year: Option<Spanned<i64>>,
    /// `sans pré-alimentation`.
    pub not_prefilled: bool,
    /// Provenance.
    pub citation: Option<Citation>,
    /// The statement.
    pub span: Span,
}

/// `actes où <condition> [cit]` (no condition: all acts), with the statement's span.
pub type ActSelection = (Option<Expr>, Option<Citation>, Span);

/// `taux id "label" { ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rate {
    /// Id of the measure.
    pub id: Ident,
    /// Label.
    pub label: Text,
    /// Provenance.
    pub citation: Option<Citation>,
    /// `numérateur actes où ...`
    pub numerator: Vec<ActSelection>,
    /// `dénominateur actes où ...`
    pub denominator: Vec<ActSelection>,
    /// `exclure actes où ... "label"`
    pub exclusions: Vec<Exclusion>,
    /// `période ...`
    pub periods: Vec<Period>,
    /// `seuil ...`
    pub thresholds: Vec<Threshold>,
    /// `part …`: the share of the indicator's amount it pays.
    pub parts: Vec<Part>,
    /// The header.
    pub span: Span,
}

/// `exclure actes où <expr> "label" [cit]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exclusion {
    /// Which acts are left out.
    pub condition: Expr,
    /// In the guide's words.
    pub label: Text,
    /// Provenance.
    pub citation: Option<Citation>,
    /// The statement.
    pub span: Span,
}

/// `période année[, sinon individualisée]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// The individualised start for newcomers.
    pub individualised: bool,
    /// Provenance.
    pub citation: Option<Citation>,
    /// The statement.
    pub span: Span,
}

/// `nombre id "label" { seuil ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    /// Id of the measure.
    pub id: Ident,
    /// Label.
    pub label: Text,
    /// Provenance.
    pub citation: Option<Citation>,
    /// Thresholds.
    pub thresholds: Vec<Threshold>,
    /// `part …`: the share of the indicator's amount it pays.
    pub parts: Vec<Part>,
    /// The header.
    pub span: Span,
}

/// `part 22,5 points = 157,50 € [cit]`: the share of an indicator's amount one measure pays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The amount.
    pub value: AmountValue,
    /// Provenance.
    pub citation: Option<Citation>,
    /// The statement.
    pub span: Span,
}

/// `justificatif <kind> [cit] { ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// What kind.
    pub kind: EvidenceKind,
    /// Provenance.
    pub citation: Option<Citation>,
    /// `requis ...`
    pub when: Vec<(Vec<Spanned<EvidenceCase>>, Option<Citation>)>,
    /// `mentionne ...`
    pub shows: Vec<(Vec<Text>, Option<Citation>)>,
    /// `valable "..."`
    pub validity: Vec<(Text, Option<Citation>)>,
    /// `validé à réception`
    pub validated_on_receipt: Option<Option<Citation>>,
    /// `conservé pour contrôle`
    pub kept_for_control: Option<Option<Citation>>,
    /// The header.
    pub span: Span,
}

/// What kind of evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvidenceKind {
    /// A document to send.
    Document(Text),
    /// A sworn statement: the form's single box, or (`dans la déclaration`, its span) the indicator's own declaration.
    Sworn {
        /// `dans la déclaration`, where written.
        in_declaration: Option<Span>,
    },
    /// Nothing.
    None,
}

/// When evidence is required.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EvidenceCase {
    /// Every year.
    Always,
    /// First year of declaration.
    FirstYear,
    /// The vendor changed.
    VendorChange,
    /// Not pre-filled.
    NotPrefilled,
    /// When the caisse asks.
    OnRequest,
}

/// A condition on an act.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// `a ou b`
    Or(Vec<Expr>, Span),
    /// `a et b`
    And(Vec<Expr>, Span),
    /// `non a`
    Not(Box<Expr>, Span),
    /// `field dans|hors {values}`
    Member {
        /// The act field.
        field: Ident,
        /// `dans` (true) or `hors` (false).
        inside: bool,
        /// The values.
        values: Vec<Ident>,
        /// The test.
        span: Span,
    },
    /// `field op value`
    Compare {
        /// The act field.
        field: Ident,
        /// The operator as written.
        op: Spanned<String>,
        /// A number, a duration or an enumerated value.
        value: Spanned<Operand>,
        /// The test.
        span: Span,
    },
    /// `field` (a yes/no field).
    Flag(Ident),
}

/// `actes [cit] { ... }`: the fields an act carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActSchema {
    /// The fields, in order.
    pub fields: Vec<ActField>,
    /// `première fse actes où ...`, with its citation.
    pub first_claim: Option<(Expr, Option<Citation>)>,
    /// Citation.
    pub citation: Option<Citation>,
    /// The block.
    pub span: Span,
}

/// A declared field of an act.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActField {
    /// Its name in conditions.
    pub name: Ident,
    /// Its words.
    pub label: Text,
    /// `clé <key>`: its case-file key, when not its name.
    pub key: Option<Ident>,
    /// What it holds.
    pub kind: ActFieldKind,
    /// Citation.
    pub citation: Option<Citation>,
    /// The statement.
    pub span: Span,
}

/// The kind of a declared field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActFieldKind {
    /// `oui/non`
    YesNo,
    /// `liste`: values and their words, the words of `hors`, the default.
    List {
        /// Values and their words.
        values: Vec<(Ident, Text)>,
        /// `sauf "..."`.
        except: Option<Text>,
        /// `par défaut <value>`.
        default: Option<Ident>,
    },
    /// `âge`: the birth date's key and the age in days' key.
    Age {
        /// `naissance <key>`.
        birth: Ident,
        /// `jours <key>`.
        days: Ident,
    },
    /// `date`
    Date,
    /// `nombre`
    Number,
}

/// The right side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A number or a duration.
    Quantity(Quantity),
    /// An enumerated value.
    Name(String),
    /// A date, relative to N.
    Date(Date),
}

impl Expr {
    /// The span of the whole condition.
    pub fn span(&self) -> Span {
        match self {
            Expr::Or(_, span) | Expr::And(_, span) | Expr::Not(_, span) => *span,
            Expr::Member { span, .. } | Expr::Compare { span, .. } => *span,
            Expr::Flag(ident) => ident.span,
        }
    }
}

/// Kinds of prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProseKind {
    /// `description`
    Description,
    /// `note`: "à noter".
    Note,
    /// `cas "title"`: "cas particulier".
    Case(Text),
    /// `note de rédaction`: for the spec's authors and checkers, never on the public pages.
    Drafting,
}

/// A block of Markdown prose with its provenance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prose {
    /// What kind.
    pub kind: ProseKind,
    /// The Markdown, dedented.
    pub text: Text,
    /// Provenance.
    pub citation: Option<Citation>,
    /// The statement.
    pub span: Span,
}

/// `annexe id "title" [cit] """..."""`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annex {
    /// Stable id.
    pub id: Ident,
    /// Title.
    pub title: Text,
    /// Provenance.
    pub citation: Option<Citation>,
    /// The document, in Markdown.
    pub text: Text,
    /// The statement.
    pub span: Span,
}

/// `identification id "libellé" 9 chiffres [cit]`: a field of the form's identification block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identification {
    /// Its id (`specialite` is the case files' `praticien.specialite`).
    pub id: Ident,
    /// Its label on the form.
    pub label: Text,
    /// Digit boxes, when it is written in digits.
    pub digits: Option<Spanned<i64>>,
    /// Provenance.
    pub citation: Option<Citation>,
    /// The statement.
    pub span: Span,
}
