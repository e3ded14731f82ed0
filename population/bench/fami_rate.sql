-- The FAMI 2025 télétransmission rate (004 §1.4.1), written by hand for DuckDB: the yardstick
-- `guidec-population run` is measured against in BENCHMARKS.md. Five exclusions, the
-- individualised period (from the 1st of the month after the first FSE, the 1st of December for a
-- first FSE in December), exact integer comparison with 70 %. Tables: `declarations` and `actes`
-- as docs/POPULATION.md lays them out. The acts are summed per practitioner and month first (one
-- pass, a small aggregate), the period then applied to the months: 1.6 times faster on DuckDB
-- than filtering each act by a join with its practitioner's period.
WITH acts AS (
  SELECT id, date, coalesce(nombre, 1) AS n,
         mode IN ('sesam_vitale', 'sesam_sans_vitale') AS secure,
         coalesce(ame, false) OR coalesce(nir_provisoire, false)
           OR (coalesce(naissance, date - CAST(age_jours AS INTEGER)) IS NOT NULL AND
               (year(date) - year(coalesce(naissance, date - CAST(age_jours AS INTEGER)))) * 12
                 + month(date) - month(coalesce(naissance, date - CAST(age_jours AS INTEGER)))
                 - CASE WHEN day(date) < day(coalesce(naissance, date - CAST(age_jours AS INTEGER))) THEN 1 ELSE 0 END < 3)
           OR (coalesce(ehpad, false) AND NOT (mode IN ('sesam_vitale', 'sesam_sans_vitale')))
           OR (coalesce(telesoin, false) AND mode <> 'sesam_sans_vitale')
           OR coalesce(facturation, 'standard') = 'cerfa_s3404' AS excluded
  FROM actes
  WHERE mesure = 'indicateurs.teletransmission.mesures.fse'
),
monthly AS (
  SELECT id,
         CASE WHEN year(date) = 2025 THEN month(date) ELSE 0 END AS bucket,
         sum(n) FILTER (WHERE NOT excluded) AS denominator,
         sum(n) FILTER (WHERE NOT excluded AND secure) AS numerator,
         min(date) FILTER (WHERE secure AND n > 0 AND year(date) = 2025) AS first
  FROM acts GROUP BY ALL
),
first_fse AS (SELECT id, min(first) AS first FROM monthly GROUP BY id),
period AS (
  SELECT d.id,
         CASE
           WHEN d."praticien.fse_annee_precedente" THEN 1
           WHEN d."praticien.fse_annee_precedente" IS NULL THEN NULL
           WHEN year(coalesce(d."praticien.premiere_fse", ff.first)) = 2025
                AND month(coalesce(d."praticien.premiere_fse", ff.first)) = 12 THEN 12
           WHEN year(coalesce(d."praticien.premiere_fse", ff.first)) = 2025
             THEN month(coalesce(d."praticien.premiere_fse", ff.first)) + 1
           ELSE 1
         END AS start
  FROM declarations d LEFT JOIN first_fse ff ON ff.id = d.id
),
counted AS (
  SELECT m.id, sum(m.numerator) AS numerator, sum(m.denominator) AS denominator
  FROM monthly m JOIN period p ON p.id = m.id
  WHERE m.bucket >= p.start
  GROUP BY m.id
)
SELECT p.id, coalesce(c.numerator, 0) AS numerator, coalesce(c.denominator, 0) AS denominator,
       coalesce(c.denominator, 0) > 0 AND coalesce(c.numerator, 0) * 10 >= c.denominator * 7 AS met
FROM period p LEFT JOIN counted c ON c.id = p.id
WHERE p.start IS NOT NULL;
