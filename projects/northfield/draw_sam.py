"""Draw projects/northfield/sam.png once: Sam's week getting about (no words, any language)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyBboxPatch, Polygon, Rectangle

fig = plt.figure(figsize=(6.4, 4.0), dpi=100)
ax = fig.add_axes((0, 0, 1, 1))
ax.set_xlim(0, 64)
ax.set_ylim(0, 40)
ax.axis("off")
ax.add_patch(Rectangle((0, 0), 64, 40, color="#dff1fb"))  # sky
ax.add_patch(
    Polygon([(0, 12), (20, 22), (40, 14), (64, 24), (64, 0), (0, 0)], color="#9fd39a")
)  # hill
ax.plot(
    [2, 14, 28, 42, 58], [8, 12, 9, 13, 10], color="#7b6f5c", lw=6, solid_capstyle="round"
)  # road


def house(x, y, body, roof):
    ax.add_patch(Rectangle((x, y), 6, 5, color=body))
    ax.add_patch(Polygon([(x - 0.8, y + 5), (x + 3, y + 8), (x + 6.8, y + 5)], color=roof))
    ax.add_patch(Rectangle((x + 2.3, y), 1.4, 2.6, color="#5b3a29"))


house(3, 10, "#f6d7a7", "#c0504d")  # Sam's home
ax.add_patch(FancyBboxPatch((24, 13), 8, 6, boxstyle="round,pad=0.3", color="#ffffff"))  # GP
ax.add_patch(Rectangle((27.3, 14.2), 1.4, 3.6, color="#2e8b57"))
ax.add_patch(Rectangle((26.2, 15.3), 3.6, 1.4, color="#2e8b57"))
ax.add_patch(Rectangle((46, 14), 9, 6, color="#fbe3e8"))  # shop
for i in range(4):
    ax.add_patch(Rectangle((46 + i * 2.25, 19), 2.25, 1.6, color=["#d9534f", "#ffffff"][i % 2]))
ax.add_patch(
    Polygon([(48.5, 15.5), (52.5, 15.5), (52, 17.5), (49, 17.5)], color="#8a6d3b")
)  # basket
ax.add_patch(FancyBboxPatch((13, 13.2), 7, 3.4, boxstyle="round,pad=0.4", color="#f0ad4e"))  # bus
for i in range(3):
    ax.add_patch(Rectangle((13.8 + i * 2.1, 14.8), 1.5, 1.3, color="#e8f4fb"))
ax.add_patch(Circle((14.8, 12.9), 0.8, color="#333333"))
ax.add_patch(Circle((18.6, 12.9), 0.8, color="#333333"))
ax.add_patch(Circle((38, 30), 4, color="#ffffff", ec="#444444", lw=2))  # a clock: waiting
ax.plot([38, 38], [30, 33], color="#444444", lw=2)
ax.plot([38, 40.2], [30, 30], color="#444444", lw=2)
ax.add_patch(Circle((9, 19.8), 1.1, color="#8d5524"))  # Sam
ax.plot([9, 9], [18.7, 15.8], color="#3b5b92", lw=3)
ax.plot([9, 7.6], [15.8, 13.8], color="#3b5b92", lw=3)
ax.plot([9, 10.4], [15.8, 13.8], color="#3b5b92", lw=3)
ax.plot([7.7, 10.3], [17.8, 17.8], color="#3b5b92", lw=3)
for i in range(7):
    ax.add_patch(Circle((6 + i * 3.2, 35), 1.1, color="#3b5b92" if i in (0, 2, 4) else "#c9d6ea"))
fig.savefig("projects/northfield/sam.png", dpi=100)
