"""Rubric cells transcribed from seed 000, independently of rubrics/*.yml.

Used by tests to check that every cell is published verbatim.
"""

COLLABORATION_STRUCTURES = {
    "levels": ["Emerging", "Developing", "Proficient", "Advanced"],
    "criteria": {
        "Clarity of Roles & Responsibilities": [
            "Roles and responsibilities are unclear, leading to confusion and inefficiencies.",
            "Some roles and responsibilities are defined, but gaps and overlaps exist.",
            "Clear roles and responsibilities are established, with most team members understanding their contributions.",
            "Roles and responsibilities are well-defined, fully transparent, and adaptable to evolving needs.",
        ],
        "Communication & Information Sharing": [
            "Limited communication, with inconsistent or siloed information sharing.",
            "Some communication channels exist, but information flow is inconsistent or unclear.",
            "Regular and transparent communication occurs, ensuring alignment among team members.",
            "Open, proactive, and strategic communication fosters collaboration and shared decision-making.",
        ],
        "Feedback & Support Mechanisms": [
            "Minimal or no structured feedback and support mechanisms in place.",
            "Some feedback processes exist, but they are informal or inconsistently applied.",
            "Structured and regular feedback loops help improve collaboration and accountability.",
            "A culture of continuous improvement is embedded with strong, supportive, and reciprocal feedback mechanisms.",
        ],
        "Inclusivity & Engagement": [
            "Collaboration is limited to a few voices, with minimal efforts to engage all stakeholders.",
            "Efforts are made to involve diverse voices, but participation remains inconsistent.",
            "Collaboration is inclusive, with active participation from most stakeholders.",
            "All voices are valued, engagement is high, and collaboration is embedded in organizational culture.",
        ],
        "Problem-Solving & Decision-Making": [
            "Decision-making is top-down, with little collaboration or problem-solving input.",
            "Some collaborative decision-making occurs, but participation is limited.",
            "Team members are actively involved in decision-making and problem-solving efforts.",
            "A shared decision-making culture is in place, fostering innovation and shared accountability.",
        ],
    },
}

DISTRICT_COLLECTIVE_ACCOUNTABILITY = {
    "levels": ["Ineffective", "Minimal", "Emerging", "Developing", "Proficient", "Advanced", "Transformational"],
    "criteria": {
        "Clarity of Roles & Responsibilities": [
            "Roles and decision-making authority are unclear or inconsistent.",
            "Some roles are defined, but there is confusion about responsibilities.",
            "Most roles are assigned, but accountability structures are weak.",
            "Roles and responsibilities are outlined, but cross-functional collaboration is limited.",
            "Clear roles exist, and accountability systems are in place across schools and the district.",
            "Defined roles, documented in a shared accountability system, ensure seamless collaboration.",
            "Fully integrated system with adaptable roles and continuous improvement mechanisms.",
        ],
        "Communication & Information Sharing": [
            "Communication is inconsistent, with limited access to district-wide information.",
            "Some communication occurs, but it is irregular and lacks transparency.",
            "Schools receive occasional updates, but collaboration across schools is weak.",
            "Regular meetings occur, but a centralized system for data-sharing is not in place.",
            "Schools have access to performance data, and district-wide communication structures support alignment.",
            "A centralized platform provides real-time updates, and leadership ensures transparent communication.",
            "Dynamic, multi-directional communication empowers all stakeholders, fostering a culture of openness and trust.",
        ],
        "Feedback & Support Mechanisms": [
            "No formal feedback or support mechanisms exist.",
            "Limited feedback is collected, but it is not systematically used for improvement.",
            "Some feedback structures exist, but follow-up actions are inconsistent.",
            "Schools and district leaders engage in feedback cycles, but implementation varies.",
            "Regular feedback loops support school and district improvement efforts.",
            "Structured PLCs, peer coaching, and reflection meetings drive data-informed improvement.",
            "Feedback is embedded in daily practices, with responsive, real-time adjustments ensuring continuous growth.",
        ],
        "Inclusivity & Engagement": [
            "Decision-making is top-down, with little input from schools or the community.",
            "Some input is sought, but key voices (e.g., teachers, students) are missing.",
            "Schools provide input occasionally, but engagement is not systematized.",
            "Stakeholder feedback is valued, and some participatory structures exist.",
            "Advisory councils and community groups provide regular input into district policies.",
            "Teachers, students, and families actively shape district decisions through structured committees and equity audits.",
            "Decision-making is truly participatory, with deep engagement and co-leadership from all stakeholders.",
        ],
        "Problem-Solving & Decision-Making": [
            "Schools and district offices operate in silos with no collaborative decision-making.",
            "Some collaboration occurs, but most decisions remain district-driven.",
            "Schools occasionally participate in district-level problem-solving efforts.",
            "Schools have site-based teams, but cross-functional collaboration is inconsistent.",
            "Collaborative decision-making is embedded in district policies and school practices.",
            "Schools and the district co-design policies, pilot initiatives, and analyze data together.",
            "A shared governance model ensures decisions are co-created, continuously improved, and highly responsive to school needs.",
        ],
    },
}
