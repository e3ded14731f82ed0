"""FAMI 2025, chirurgiens-dentistes, as an OpenFisca tax-benefit system, benchmarked on the
population that `conformance/examples/dump_population.rs` writes (one practitioner a row, the
reference interpreter's total last).

    python3 fami_2025.py /tmp/fami.csv

Loads the CSV (not timed), computes `total_cents` for every practitioner in a fresh simulation
three times (the best time is kept), checks every total against guidec's and prints the number
of mismatches and the practitioners per second.

Encodings of the CSV (see dump_population.rs): -1 is an input the case does not give; yes/no
inputs are -1/0/1 and become the enum `Reponse`; `choix` is -1 (no list), 0 (nothing ticked) or
the option's rank from 1; `justificatif` -1, 0 (absent), 1 (envoyé), 2 (validé); dates AAAAMMJJ.
The rules are those of specs/fami/chirurgiens_dentistes-2025.guide as src/interpret.rs evaluates
them; amounts in integer cents.
"""

import os
import sys
import time

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

PERIOD = "2025"
# The assessment date, 31/12/N: software acquired after it does not count.
ECHEANCE = 20251231

Praticien = build_entity(
    key="praticien",
    plural="praticiens",
    label="Chirurgien-dentiste libéral",
    is_person=True,
)


# ----------------------------------------------------------------------------- enums


class Reponse(Enum):
    non_renseigne = "Non renseigné"
    non = "Non"
    oui = "Oui"


class Justificatif(Enum):
    non_renseigne = "Non renseigné"
    absent = "Absent"
    envoye = "Envoyé"
    valide = "Validé (année antérieure)"


class ChoixDmp(Enum):
    non_renseigne = "Liste non renseignée"
    aucune = "Aucune option cochée"
    logiciel_dmp_compatible = "Logiciel métier compatible DMP"
    connecteur = "Recours à un connecteur associé"
    web_dmp = "Utilisation du « Web DMP »"


class ChoixMessagerie(Enum):
    non_renseigne = "Liste non renseignée"
    aucune = "Aucune option cochée"
    bal_personnelle = "BAL MSSanté personnelle"
    bal_organisationnelle = "BAL MSSanté organisationnelle"
    apicrypt_v2 = "Apicrypt V2 interopérable"
    apicrypt_v2_non_interoperable = "Apicrypt V2 non interopérable"
    apicrypt_v1 = "Apicrypt V1"


class ChoixCoordination(Enum):
    non_renseigne = "Liste non renseignée"
    aucune = "Aucune option cochée"
    msp = "MSP"
    esp_ess = "ESP ou ESS"
    cpts = "CPTS"
    rcp = "RCP (au moins 4 par an)"
    reseau = "Réseau local ou réseau de soins"
    coordination_had_ehpad = "Coordination d'une HAD ou d'un EHPAD"
    groupe_qualite = "Groupe qualité"
    paerpa = "Projet PAERPA"
    dac = "Sollicitation d'un DAC"
    prado = "PRADO"


class Statut(Enum):
    atteint = "Atteint"
    non_atteint = "Non atteint"
    inconnu = "Indéterminé (donnée manquante)"
    justificatif_manquant = "Justificatif manquant"


# ----------------------------------------------------------------------------- inputs


def input_variable(name, value_type, label, enum=None):
    """An input of the declaration form or of the insurer's data: -1 (or the enum's first
    member) when the case does not give it."""
    attributes = {
        "value_type": value_type,
        "entity": Praticien,
        "definition_period": DateUnit.YEAR,
        "label": label,
    }
    if enum is not None:
        attributes.update(possible_values=enum, default_value=enum.non_renseigne)
    elif value_type is int:
        attributes["default_value"] = -1
    return type(name, (Variable,), attributes)


# Column of the CSV -> (type, label, enum).
INPUTS = {
    "premiere_annee": (bool, "Première année de déclaration", None),
    "changement_editeur": (bool, "Changement d'éditeur de logiciel dans l'année", None),
    # Read by no rule of this edition: evidence "sur demande" is not asked for.
    "justificatif_demande": (bool, "La caisse a demandé le justificatif", None),
    # Read by no rule of this edition: its sworn statements are made in the declaration itself.
    "attestation_sur_l_honneur": (Enum, "Case d'attestation sur l'honneur cochée", Reponse),
    # Read by no rule here: they date the period of a rate computed from acts, and the rates of
    # this population are given as counts.
    "fse_annee_precedente": (Enum, "FSE transmises en N-1", Reponse),
    "premiere_fse": (int, "Date de la première FSE (AAAAMMJJ)", None),
    "logiciel_metier_prerempli": (Enum, "Indicateur 1 pré-rempli", Reponse),
    "logiciel_metier_logiciel_metier": (bool, "Logiciel métier déclaré", None),
    "logiciel_metier_logiciel_metier_acquisition": (int, "Acquisition du logiciel métier (AAAAMMJJ)", None),
    "logiciel_metier_logiciel_dmp": (bool, "Logiciel compatible DMP déclaré", None),
    "logiciel_metier_logiciel_dmp_acquisition": (int, "Acquisition du logiciel DMP (AAAAMMJJ)", None),
    "logiciel_metier_choix": (Enum, "Compatibilité avec l'usage du DMP", ChoixDmp),
    "logiciel_metier_justificatif": (Enum, "Justificatif d'achat ou attestation de l'éditeur", Justificatif),
    "sesam_vitale_nombre_addendum": (int, "Addendum SESAM-Vitale 1.40 installé", None),
    "sesam_vitale_constat_facturation_conforme": (Enum, "Facturation conforme au cahier des charges", Reponse),
    "horaires_annuaire_prerempli": (Enum, "Indicateur 3 pré-rempli", Reponse),
    "horaires_annuaire_reponse": (Enum, "Horaires affichés dans l'annuaire santé", Reponse),
    "teletransmission_mesure_fse_numerateur": (int, "FSE en mode sécurisé", None),
    "teletransmission_mesure_fse_denominateur": (int, "Actes pris en compte", None),
    "messagerie_securisee_prerempli": (Enum, "Indicateur 5 pré-rempli", Reponse),
    "messagerie_securisee_choix": (Enum, "Type de messagerie sécurisée de santé", ChoixMessagerie),
    "prise_en_charge_coordonnee_choix": (Enum, "Dispositif de prise en charge coordonnée", ChoixCoordination),
    "prise_en_charge_coordonnee_nombre_rcp": (int, "RCP dans l'année", None),
    "aller_vers_reponse": (Enum, "Interventions réalisées en dehors du cabinet", Reponse),
    "aller_vers_nombre_interventions": (int, "Interventions « aller vers » dans l'année", None),
    "accueil_etudiant_reponse": (Enum, "Accueil d'un étudiant stagiaire de 6e année", Reponse),
}

# ----------------------------------------------------------------------------- three-valued logic

VRAI, FAUX, INCONNU = 1, 0, -1


def given(reponse):
    """A yes/no input as a truth: unknown when not given."""
    return np.select([reponse == Reponse.oui, reponse == Reponse.non], [VRAI, FAUX], INCONNU)


def at_least(count, threshold):
    """A count's threshold: unknown when the count is not given."""
    return np.where(count < 0, INCONNU, np.where(count >= threshold, VRAI, FAUX))


# `OPENFISCA_STATUS_AS_INDEX=1`: the status formulas return the members' indices rather than the
# members (the usual style), which OpenFisca turns into its enum type one item at a time.
STATUS_AS_INDEX = os.environ.get("OPENFISCA_STATUS_AS_INDEX") == "1"


def status(conditions, evidence=None):
    """Not met when a condition fails, unknown when one is missing, then the evidence."""
    conditions = np.stack(conditions)
    failed = (conditions == FAUX).any(axis=0)
    missing = (conditions == INCONNU).any(axis=0)
    evidence = np.ones(conditions.shape[1], dtype=bool) if evidence is None else evidence
    if STATUS_AS_INDEX:
        # The members' indices, which OpenFisca takes without converting item by item.
        return np.select(
            [failed, missing, ~evidence],
            [Statut.non_atteint.index, Statut.inconnu.index, Statut.justificatif_manquant.index],
            Statut.atteint.index,
        )
    return np.select(
        [failed, missing, ~evidence],
        [Statut.non_atteint, Statut.inconnu, Statut.justificatif_manquant],
        Statut.atteint,
    )


def choice(ticked, accepted, pending=None):
    """A single-choice list: unknown when not given, false when nothing is ticked or a refused
    option is; `pending` overrides the truth of options accepted from a minimum a year."""
    truth = np.where(ticked == ticked.possible_values.non_renseigne, INCONNU, FAUX)
    for option in accepted:
        truth = np.where(ticked == option, VRAI, truth)
    for option, value in (pending or {}).items():
        truth = np.where(ticked == option, value, truth)
    return truth


def variable(name, label, formula, **fields):
    """An OpenFisca variable of a practitioner's year, with its own fields (type, values)."""
    return type(
        name,
        (Variable,),
        {
            "entity": Praticien,
            "definition_period": DateUnit.YEAR,
            "label": label,
            "formula": formula,
            **fields,
        },
    )


def status_variable(name, label, formula):
    return variable(
        name,
        label,
        formula,
        value_type=Enum,
        possible_values=Statut,
        default_value=Statut.inconnu,
    )


def cents_variable(name, label, formula):
    return variable(name, label, formula, value_type=int, unit="centimes d'euro")


# ----------------------------------------------------------------------------- socle (490 €)


def logiciel_metier(p, period):
    prefilled = p("logiciel_metier_prerempli", period) == Reponse.oui

    def software(role):
        declared = p(f"logiciel_metier_logiciel_{role}", period)
        acquired = p(f"logiciel_metier_logiciel_{role}_acquisition", period)
        in_time = declared & ~((acquired >= 0) & (acquired > ECHEANCE))
        return np.where(prefilled | in_time, VRAI, FAUX)

    dmp = choice(
        p("logiciel_metier_choix", period),
        [ChoixDmp.logiciel_dmp_compatible, ChoixDmp.connecteur],
    )
    dmp = np.where(prefilled, VRAI, dmp)
    # Document required the first year, on a change of vendor, or without pre-filling;
    # one validated in an earlier year no longer counts after a change of vendor.
    vendor_changed = p("changement_editeur", period)
    required = p("premiere_annee", period) | vendor_changed | ~prefilled
    document = p("logiciel_metier_justificatif", period)
    sent = (document == Justificatif.envoye) | ((document == Justificatif.valide) & ~vendor_changed)
    return status([software("metier"), software("dmp"), dmp], ~required | sent)


def sesam_vitale(p, period):
    return status(
        [
            at_least(p("sesam_vitale_nombre_addendum", period), 8),
            given(p("sesam_vitale_constat_facturation_conforme", period)),
        ]
    )


def horaires_annuaire(p, period):
    prefilled = p("horaires_annuaire_prerempli", period) == Reponse.oui
    answer = given(p("horaires_annuaire_reponse", period))
    return status([np.where(prefilled, VRAI, answer)])


def teletransmission(p, period):
    # At least 70 %: numerator / denominator >= 7 / 10, exactly; no act counted fails.
    numerator = p("teletransmission_mesure_fse_numerateur", period).astype(np.int64)
    denominator = p("teletransmission_mesure_fse_denominateur", period).astype(np.int64)
    rate = np.where(
        denominator < 0,
        INCONNU,
        np.where((denominator > 0) & (10 * numerator >= 7 * denominator), VRAI, FAUX),
    )
    return status([rate])


def messagerie_securisee(p, period):
    prefilled = p("messagerie_securisee_prerempli", period) == Reponse.oui
    mailbox = choice(
        p("messagerie_securisee_choix", period),
        [
            ChoixMessagerie.bal_personnelle,
            ChoixMessagerie.bal_organisationnelle,
            ChoixMessagerie.apicrypt_v2,
        ],
    )
    # Sworn in the declaration itself: no evidence gate.
    return status([np.where(prefilled, VRAI, mailbox)])


def socle_atteint(p, period):
    met = [
        p(name, period) == Statut.atteint
        for name in (
            "logiciel_metier",
            "sesam_vitale",
            "horaires_annuaire",
            "teletransmission",
            "messagerie_securisee",
        )
    ]
    return np.logical_and.reduce(met)


# ----------------------------------------------------------------------------- complémentaire


def prise_en_charge_coordonnee(p, period):
    ticked = p("prise_en_charge_coordonnee_choix", period)
    rcp = at_least(p("prise_en_charge_coordonnee_nombre_rcp", period), 4)
    coordination = choice(
        ticked,
        [
            ChoixCoordination.msp,
            ChoixCoordination.esp_ess,
            ChoixCoordination.cpts,
            ChoixCoordination.reseau,
            ChoixCoordination.coordination_had_ehpad,
        ],
        pending={ChoixCoordination.rcp: rcp},
    )
    return status([coordination])


# ----------------------------------------------------------------------------- indépendants


def aller_vers(p, period):
    return status(
        [
            given(p("aller_vers_reponse", period)),
            at_least(p("aller_vers_nombre_interventions", period), 3),
        ]
    )


def accueil_etudiant(p, period):
    return status([given(p("accueil_etudiant_reponse", period))])


# ----------------------------------------------------------------------------- amounts


def paid_if(condition, cents):
    return np.where(condition, cents, 0)


FORMULAS = [
    status_variable("logiciel_metier", "Indicateur 1 : logiciel métier compatible DMP", logiciel_metier),
    status_variable("sesam_vitale", "Indicateur 2 : cahier des charges SESAM-Vitale", sesam_vitale),
    status_variable("horaires_annuaire", "Indicateur 3 : horaires dans l'annuaire santé", horaires_annuaire),
    status_variable("teletransmission", "Indicateur 4 : taux de télétransmission ≥ 70 %", teletransmission),
    status_variable("messagerie_securisee", "Indicateur 5 : messagerie sécurisée de santé", messagerie_securisee),
    status_variable("prise_en_charge_coordonnee", "Prise en charge coordonnée", prise_en_charge_coordonnee),
    status_variable("aller_vers", "« Aller vers » : au moins 3 interventions", aller_vers),
    status_variable("accueil_etudiant", "Accueil d'un étudiant de 6e année", accueil_etudiant),
    type(
        "socle_atteint",
        (Variable,),
        {
            "value_type": bool,
            "entity": Praticien,
            "definition_period": DateUnit.YEAR,
            "label": "Les cinq indicateurs socles sont atteints",
            "formula": socle_atteint,
        },
    ),
    cents_variable(
        "montant_socle",
        "Section socle, payée en bloc",
        lambda p, period: paid_if(p("socle_atteint", period), 49000),
    ),
    cents_variable(
        "montant_complementaire",
        "Section complémentaire, si le socle est atteint",
        lambda p, period: paid_if(
            p("socle_atteint", period) & (p("prise_en_charge_coordonnee", period) == Statut.atteint),
            10000,
        ),
    ),
    cents_variable(
        "montant_independants",
        "Indicateurs indépendants du socle",
        lambda p, period: paid_if(p("aller_vers", period) == Statut.atteint, 30000)
        + paid_if(p("accueil_etudiant", period) == Statut.atteint, 35000),
    ),
    cents_variable(
        "total_cents",
        "Total FAMI 2025",
        lambda p, period: p("montant_socle", period)
        + p("montant_complementaire", period)
        + p("montant_independants", period),
    ),
]


class Fami2025(TaxBenefitSystem):
    def __init__(self):
        super().__init__([Praticien])
        for name, (value_type, label, enum) in INPUTS.items():
            self.add_variable(input_variable(name, value_type, label, enum))
        for variable in FORMULAS:
            self.add_variable(variable)


# ----------------------------------------------------------------------------- benchmark


def load(path):
    with open(path) as csv:
        header = csv.readline().strip().split(",")
    table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64, ndmin=2)
    return {name: table[:, i] for i, name in enumerate(header)}


def simulation(system, columns):
    count = len(columns["total_cents"])
    sim = SimulationBuilder().build_default_simulation(system, count)
    for name, (value_type, _, enum) in INPUTS.items():
        column = columns[name]
        if enum is not None:
            value = column + 1  # -1 (not given) is the enum's first member
        elif value_type is bool:
            value = column.astype(bool)
        else:
            value = column
        sim.set_input(name, PERIOD, value)
    return sim


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/fami.csv"
    start = time.perf_counter()
    columns = load(path)
    expected = columns["total_cents"]
    count = len(expected)
    style = "indices" if STATUS_AS_INDEX else "enum members"
    print(f"openfisca: statuses returned as {style}")
    print(f"openfisca: {count} practitioners loaded in {time.perf_counter() - start:.1f} s")
    system = Fami2025()
    best, totals = None, None
    for _ in range(3):
        sim = simulation(system, columns)
        start = time.perf_counter()
        totals = sim.calculate("total_cents", PERIOD)
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
    mismatches = int(np.count_nonzero(totals != expected))
    print(f"openfisca: sum of total_cents {int(totals.astype(np.int64).sum())}")
    print(f"openfisca: mismatches with guidec's interpreter: {mismatches}")
    print(
        f"openfisca: best of 3 {best:.3f} s, {count / best:,.0f} practitioners a second".replace(",", " ")
    )
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
