"""KPI reads, one module per area: sources, figures, cohorts, drill-down, snapshots."""
