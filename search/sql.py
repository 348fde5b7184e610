"""The SQL functions that write the search documents (see ``search/documents.py``), as the
migrations create them (``0003``; the decision documents' from ``0004``). ``ids``: the objects
whose documents to write (and to delete, for those gone); ``NULL``: every object without a
document, and the documents of objects gone (the backfill, after writes with the triggers
off)."""

SUMMARY = 300
BODY = 100_000


def _function(kind, table, column, select):
    # PL/pgSQL, so that each call plans the branch it takes: one statement serving both the
    # NULL of the backfill and a list of ids (``= ANY(ids) OR ids IS NULL``) is planned for
    # either, and read every document's row for the one it writes (70 ms at 155,000).
    return f"""
CREATE OR REPLACE FUNCTION search_index_{kind}s(ids bigint[]) RETURNS void
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  IF ids IS NULL THEN
    DELETE FROM search_document d
     WHERE d.{column} IS NOT NULL
       AND NOT EXISTS (SELECT FROM {table} x WHERE x.id = d.{column});
    ids := ARRAY(SELECT y.id FROM {table} y
                  WHERE NOT EXISTS (SELECT FROM search_document d WHERE d.{column} = y.id));
  ELSE
    DELETE FROM search_document d
     WHERE d.{column} = ANY(ids)
       AND NOT EXISTS (SELECT FROM {table} x WHERE x.id = d.{column});
  END IF;
  INSERT INTO search_document (kind, {column}, committee_id, year, title, summary, body)
  {select}
   WHERE x.id = ANY(ids)
  ON CONFLICT ({column}) WHERE {column} IS NOT NULL DO UPDATE SET
    committee_id = EXCLUDED.committee_id, year = EXCLUDED.year, title = EXCLUDED.title,
    summary = EXCLUDED.summary, body = EXCLUDED.body;
END;
$fn$;
"""


def _year(column, time_zone):
    return f"extract(year FROM {column} AT TIME ZONE '{time_zone}')::smallint"


def functions(time_zone):
    """``time_zone``: the site's (``settings.TIME_ZONE``), for the year of a date and time."""
    meeting_year = _year("m.starts_at", time_zone)
    return "\n".join(
        [
            _function(
                "meeting",
                "meetings_meeting",
                "meeting_id",
                f"""SELECT 'meeting', x.id, x.committee_id, {_year("x.starts_at", time_zone)},
       COALESCE(NULLIF(x.title, ''), c.name), left(x.purposes, {SUMMARY}),
       left(concat_ws(E'\\n', x.place, x.purposes), {BODY})
  FROM meetings_meeting x JOIN meetings_committee c ON c.id = x.committee_id""",
            ),
            _function(
                "item",
                "meetings_agendaitem",
                "item_id",
                f"""SELECT 'item', x.id, m.committee_id, {meeting_year}, x.title,
       left(COALESCE(s.first, ''), {SUMMARY}),
       left(concat_ws(E'\\n', x.recommendation_by, x.recommendation_to, s.texts, p.texts,
                      x.decision), {BODY})
  FROM meetings_agendaitem x JOIN meetings_meeting m ON m.id = x.meeting_id
  LEFT JOIN LATERAL (
    SELECT string_agg(concat_ws(E'\\n', heading, text), E'\\n' ORDER BY "order", id) AS texts,
           (array_agg(text ORDER BY "order", id))[1] AS first
      FROM meetings_itemsection WHERE item_id = x.id) s ON true
  LEFT JOIN LATERAL (
    SELECT string_agg(concat_ws(E'\\n', text, decision_text), E'\\n' ORDER BY "order", id)
           AS texts
      FROM meetings_recommendationpoint WHERE item_id = x.id) p ON true""",
            ),
            _function(
                "decision",
                "meetings_agendaitem",
                "decision_item_id",
                f"""SELECT 'decision', x.id, m.committee_id, {meeting_year},
       CASE WHEN NOT x.is_closed OR c.show_closed_titles THEN x.title ELSE '' END,
       left(b.body, {SUMMARY}), left(b.body, {BODY})
  FROM meetings_agendaitem x JOIN meetings_meeting m ON m.id = x.meeting_id
  JOIN meetings_committee c ON c.id = m.committee_id
  LEFT JOIN LATERAL (
    SELECT string_agg(concat_ws(E'\\n', text, decision_text), E'\\n' ORDER BY "order", id)
           AS texts
      FROM meetings_recommendationpoint WHERE item_id = x.id AND NOT x.is_closed) p ON true
  CROSS JOIN LATERAL (
    SELECT CASE
      WHEN x.is_closed THEN CASE WHEN x.decision_is_open THEN x.decision ELSE '' END
      ELSE concat_ws(E'\\n',
                     CASE WHEN p.texts IS NOT NULL AND x.recommendation_by <> ''
                          THEN concat_ws(E'\\n', x.recommendation_by,
                                         NULLIF(x.recommendation_to, '')) END,
                     p.texts, x.decision)
    END AS body) b""",
            ),
            _function(
                "attachment",
                "meetings_attachment",
                "attachment_id",
                f"""SELECT 'attachment', x.id, m.committee_id, {meeting_year}, x.title,
       left(COALESCE(t.text, ''), {SUMMARY}), left(COALESCE(t.text, ''), {BODY})
  FROM meetings_attachment x JOIN meetings_agendaitem i ON i.id = x.item_id
  JOIN meetings_meeting m ON m.id = i.meeting_id
  LEFT JOIN search_attachmenttext t ON t.attachment_id = x.id""",
            ),
            _function(
                "idea",
                "catalogue_idea",
                "idea_id",
                f"""SELECT 'idea', x.id, NULL::bigint, {_year("x.created_at", time_zone)}, x.title,
       x.summary, left(concat_ws(E'\\n', x.summary, x.description), {BODY})
  FROM catalogue_idea x""",
            ),
            _function(
                "project",
                "innovation_project",
                "project_id",
                f"""SELECT 'project', x.id, x.committee_id, {_year("x.created_at", time_zone)},
       x.title, x.summary,
       left(concat_ws(E'\\n', x.summary, x.problem, x.hypotheses), {BODY})
  FROM innovation_project x""",
            ),
        ]
    )


KINDS = ["meeting", "item", "decision", "attachment", "idea", "project"]

BACKFILL = "\n".join(f"SELECT search_index_{kind}s(NULL);" for kind in KINDS)

DROP = "\n".join(f"DROP FUNCTION IF EXISTS search_index_{kind}s(bigint[]);" for kind in KINDS)
