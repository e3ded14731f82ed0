-- The FAMI 2025 télétransmission rate (004 §1.4.1), written by hand for DuckDB: the yardstick
-- `guidec-population run` is measured against in BENCHMARKS.md. Five exclusions, the
-- individualised period (from the 1st of the month after the first FSE, the 1st of December for a
-- first FSE in December), exact integer comparison with 70 %. Tables: `declarations` and `actes`
-- as docs/POPULATION.md lays them out.
WITH acts AS (
  SELECT id, date, mode, coalesce(nombre, 1) AS n,
         coalesce(ame, false) OR coalesce(nir_provisoire, false) AS ame_nir,
         coalesce(ehpad, false) AS ehpad, coalesce(telesoin, false) AS telesoin,
         coalesce(facturation, 'standard') = 'cerfa_s3404' AS cerfa,
         coalesce(naissance, date - CAST(age_jours AS INTEGER)) AS birth,
         mode IN ('sesam_vitale', 'sesam_sans_vitale') AS secure
  FROM actes
  WHERE mesure = 'indicateurs.teletransmission.mesures.fse'
),
first_fse AS (
  SELECT id, min(date) AS first
  FROM acts WHERE secure AND n > 0 AND year(date) = 2025
  GROUP BY id
),
period AS (
  SELECT d.id,
         CASE
           WHEN d."praticien.fse_annee_precedente" THEN DATE '2025-01-01'
           WHEN d."praticien.fse_annee_precedente" IS NULL THEN NULL
           WHEN year(coalesce(d."praticien.premiere_fse", ff.first)) = 2025
                AND month(coalesce(d."praticien.premiere_fse", ff.first)) = 12 THEN DATE '2025-12-01'
           WHEN year(coalesce(d."praticien.premiere_fse", ff.first)) = 2025
             THEN make_date(2025, month(coalesce(d."praticien.premiere_fse", ff.first)) + 1, 1)
           ELSE DATE '2025-01-01'
         END AS start
  FROM declarations d LEFT JOIN first_fse ff ON ff.id = d.id
),
counted AS (
  SELECT a.id,
         sum(a.n) FILTER (WHERE a.secure) AS numerator,
         sum(a.n) AS denominator
  FROM acts a JOIN period p ON p.id = a.id
  WHERE a.date BETWEEN p.start AND DATE '2025-12-31'
    AND NOT a.ame_nir
    AND NOT (a.birth IS NOT NULL AND
             (year(a.date) - year(a.birth)) * 12 + month(a.date) - month(a.birth)
               - CASE WHEN day(a.date) < day(a.birth) THEN 1 ELSE 0 END < 3)
    AND NOT (a.ehpad AND NOT a.secure)
    AND NOT (a.telesoin AND a.mode <> 'sesam_sans_vitale')
    AND NOT a.cerfa
  GROUP BY a.id
)
SELECT p.id, coalesce(c.numerator, 0) AS numerator, coalesce(c.denominator, 0) AS denominator,
       coalesce(c.denominator, 0) > 0 AND coalesce(c.numerator, 0) * 10 >= c.denominator * 7 AS met
FROM period p LEFT JOIN counted c ON c.id = p.id
WHERE p.start IS NOT NULL;
