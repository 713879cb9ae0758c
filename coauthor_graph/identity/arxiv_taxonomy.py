"""The arXiv subject scheme: category codes to Topics, each with BROADER to its archive."""

from __future__ import annotations

from coauthor_graph.domain.records import TopicRef

SCHEME = "arxiv"

ARCHIVES: dict[str, str] = {
    "cs": "Computer Science",
    "stat": "Statistics",
    "eess": "Electrical Engineering and Systems Science",
    "math": "Mathematics",
    "physics": "Physics",
    "q-bio": "Quantitative Biology",
    "q-fin": "Quantitative Finance",
    "econ": "Economics",
    "quant-ph": "Quantum Physics",
}

CATEGORIES: dict[str, str] = {
    "cs.AI": "Artificial Intelligence",
    "cs.AR": "Hardware Architecture",
    "cs.CC": "Computational Complexity",
    "cs.CE": "Computational Engineering, Finance, and Science",
    "cs.CG": "Computational Geometry",
    "cs.CL": "Computation and Language",
    "cs.CR": "Cryptography and Security",
    "cs.CV": "Computer Vision and Pattern Recognition",
    "cs.CY": "Computers and Society",
    "cs.DB": "Databases",
    "cs.DC": "Distributed, Parallel, and Cluster Computing",
    "cs.DL": "Digital Libraries",
    "cs.DM": "Discrete Mathematics",
    "cs.DS": "Data Structures and Algorithms",
    "cs.ET": "Emerging Technologies",
    "cs.FL": "Formal Languages and Automata Theory",
    "cs.GL": "General Literature",
    "cs.GR": "Graphics",
    "cs.GT": "Computer Science and Game Theory",
    "cs.HC": "Human-Computer Interaction",
    "cs.IR": "Information Retrieval",
    "cs.IT": "Information Theory",
    "cs.LG": "Machine Learning",
    "cs.LO": "Logic in Computer Science",
    "cs.MA": "Multiagent Systems",
    "cs.MM": "Multimedia",
    "cs.MS": "Mathematical Software",
    "cs.NA": "Numerical Analysis",
    "cs.NE": "Neural and Evolutionary Computing",
    "cs.NI": "Networking and Internet Architecture",
    "cs.OH": "Other Computer Science",
    "cs.OS": "Operating Systems",
    "cs.PF": "Performance",
    "cs.PL": "Programming Languages",
    "cs.RO": "Robotics",
    "cs.SC": "Symbolic Computation",
    "cs.SD": "Sound",
    "cs.SE": "Software Engineering",
    "cs.SI": "Social and Information Networks",
    "cs.SY": "Systems and Control",
    "stat.ML": "Machine Learning (Statistics)",
    "stat.ME": "Methodology",
    "eess.AS": "Audio and Speech Processing",
    "eess.IV": "Image and Video Processing",
    "eess.SP": "Signal Processing",
    "eess.SY": "Systems and Control (EESS)",
    "math.OC": "Optimization and Control",
    "quant-ph": "Quantum Physics",
}


def archive_topic(archive: str) -> TopicRef:
    return TopicRef(name=ARCHIVES.get(archive, archive), scheme=SCHEME, code=archive)


def category_topic(code: str) -> TopicRef:
    """'cs.IR', or a profile page's short 'IR' (read as cs.IR), to its Topic.

    A code the scheme does not list is kept as its own Topic rather than dropped; it gets
    a BROADER archive only when its archive prefix is a known one.
    """
    full = code if "." in code or code in CATEGORIES else f"cs.{code}"
    if full not in CATEGORIES and "." not in code:
        return TopicRef(name=code, scheme=SCHEME, code=code)
    archive = full.split(".", 1)[0]
    broader = archive_topic(archive) if archive in ARCHIVES and archive != full else None
    return TopicRef(name=CATEGORIES.get(full, full), scheme=SCHEME, code=full, broader=broader)
