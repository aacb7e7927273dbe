"""A good practice's text is exported to XLSX as text, whatever it starts with."""

import io

from openpyxl import load_workbook

from greencluster.web.knowledge.models import Practice
from greencluster.web.knowledge.transfer import practices_export, practices_import


def test_a_title_like_a_formula_exports_as_text_and_reads_back(world, coordinator_viewer):
    title = '=HYPERLINK("http://example.invalid")'
    quoted = title.replace('"', '""')
    practices_import(
        viewer=coordinator_viewer,
        cluster=world.cluster,
        data=f'ref,title_en,summary_en\nGP-1,"{quoted}",bell\x07\n'.encode(),
        filename="gp.csv",
    )
    exported = practices_export(list(Practice.objects.all()), "xlsx")
    sheet = load_workbook(io.BytesIO(exported)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == title]
    assert cells and all(c.data_type == "s" for c in cells)
    practices_import(
        viewer=coordinator_viewer, cluster=world.cluster, data=exported, filename="gp.xlsx"
    )
    assert Practice.objects.get(ref="GP-1").texts["title"]["en"] == title
