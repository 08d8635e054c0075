"""Figures as pure functions of data frames: no I/O, no Dash."""

import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
TEMPLATE = "plotly_white"


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(template=TEMPLATE, xaxis_visible=False, yaxis_visible=False, height=380)
    return fig
