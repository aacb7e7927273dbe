"""Knowledge and development work: good-practice records with multilingual labels and
controlled vocabularies, search queries over them, project lineage and training programmes.
Pure Python; the web app ``greencluster.web.knowledge`` stores and shows them."""
