"""Revisjonslogg (admin): who did what and when — log-ins, message text read, downloads, imports, reports, notes."""

import datetime as dt

import streamlit as st

from analysis import audit, config
from analysis.queries.audit_queries import AuditFilter
from analysis.views.tables import nb_display, to_csv
from ui import loaders
from ui.text import escape_md

T = {
    "title": "Revisjonslogg",
    "intro": "Hvem gjorde hva og når: innlogginger, lesing av meldingstekst, nedlastinger og eksporter, importer, "
             "rapporter, møtenotater, statusendringer i oppfølgingen og rolleendringer. Loggen kan bare legges til; "
             "ingen rad endres eller slettes.",
    "from": "Fra dato", "to": "Til dato", "user": "Bruker", "action": "Handling", "all": "Alle",
    "count": "{shown} av {total} rader (nyeste først)",
    "empty": "Ingen rader i revisjonsloggen for dette utvalget.",
    "csv": "Last ned som CSV",
    "chain_ok": "Kontrollsummene stemmer: ingen rad er endret eller fjernet utenom programmet.",
    "chain_broken": "Revisjonsloggen er endret utenom programmet: kjeden brytes ved rad {id}. Sammenlign med "
                    "sikkerhetskopien.",
    "roles": "Roller",
    "roles_file": "Rollefilen: {path} · endres i filen; revisjonsloggen får en rad «Roller endret» når en ny "
                  "versjon tas i bruk.",
    "no_grants": "Rollefilen gir ingen roller ennå.",
    "problem": "Rollefilen: {p}",
}
LIMIT = 1000

DB = loaders.current_db()
st.title(T["title"])
st.caption(T["intro"])

today = dt.date.today()
c1, c2, c3, c4 = st.columns([1, 1, 1.4, 1.4])
start = c1.date_input(T["from"], value=today - dt.timedelta(days=7), format="DD.MM.YYYY", key="logg_fra")
end = c2.date_input(T["to"], value=today, format="DD.MM.YYYY", key="logg_til")
rows, total, actors = loaders.load_audit(DB, AuditFilter(start=start, end=end, limit=LIMIT))
user = c3.selectbox(T["user"], [T["all"], *actors], key="logg_bruker")
labels = {label: code for code, label in audit.ACTIONS.items()}
action = c4.selectbox(T["action"], [T["all"], *labels], key="logg_handling")
chosen = AuditFilter(start=start, end=end, user=None if user == T["all"] else user,
                     action=labels.get(action), limit=LIMIT)
rows, total, _ = loaders.load_audit(DB, chosen)

broken = loaders.load_audit_check(DB, total)
if broken is None:
    st.success(T["chain_ok"], icon=":material/verified:")
else:
    st.error(T["chain_broken"].format(id=broken), icon=":material/gpp_bad:")

if rows.empty:
    st.info(T["empty"])
else:
    table = audit.audit_table(rows)
    st.caption(T["count"].format(shown=len(table), total=total))
    st.dataframe(nb_display(table), hide_index=True, width="stretch")
    st.download_button(T["csv"], to_csv(table), file_name="revisjonslogg.csv", mime="text/csv", key="logg_csv",
                       on_click=loaders.record_download, args=(DB, "csv", "revisjonslogg"))

st.subheader(T["roles"])
book = loaders.load_roles(str(config.roles_file()))
st.caption(escape_md(T["roles_file"].format(path=config.roles_file())))
for problem in book.problems:
    st.warning(escape_md(T["problem"].format(p=problem)), icon=":material/rule:")
if book.grants:
    st.dataframe(audit.grants_table(book), hide_index=True, width="stretch")
else:
    st.info(T["no_grants"])
