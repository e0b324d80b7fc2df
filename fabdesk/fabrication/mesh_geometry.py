"""Geometry the analysis needs beyond trimesh's basics, in plain numpy (no scipy): the number
of separate bodies, and whether a part fits a build volume as it is or once laid flat on
another face."""

from dataclasses import dataclass

import numpy as np

_PRIMES = (
    np.uint64(0x9E3779B97F4A7C15),
    np.uint64(0xC2B2AE3D27D4EB4F),
    np.uint64(0x165667B19E3779F9),
)


def merge_vertices(points: np.ndarray, chunk: int = 1 << 20) -> tuple[np.ndarray, np.ndarray]:
    """Identical points made one: (unique points as float64, index of each input point).

    Each point's exact coordinates (float32 or float64 bits) are hashed to 64 bits; the
    hash's high bits and the point's index are packed in one integer and sorted (numpy's
    sort is several times faster than argsort). Every point is then compared exactly with
    the first of its group: the rare groups a hash collision mixed up are split again
    exactly. Chunked, so memory stays a few times the input's."""
    points = np.ascontiguousarray(points)
    count = len(points)
    word = np.uint32 if points.dtype == np.float32 else np.uint64
    index_bits = max(int(count - 1).bit_length(), 1)
    packed = np.empty(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for begin in range(0, count, chunk):
            bits = (points[begin : begin + chunk] + points.dtype.type(0)).view(word)
            part = bits[:, 0].astype(np.uint64) * _PRIMES[0]
            part ^= bits[:, 1].astype(np.uint64) * _PRIMES[1]
            part ^= bits[:, 2].astype(np.uint64) * _PRIMES[2]
            part >>= np.uint64(index_bits)
            part <<= np.uint64(index_bits)
            part |= np.arange(begin, begin + len(part), dtype=np.uint64)
            packed[begin : begin + chunk] = part
    packed.sort()
    order = (packed & np.uint64((1 << index_bits) - 1)).astype(np.int64)
    packed >>= np.uint64(index_bits)
    first = np.empty(count, dtype=bool)
    first[:1] = True
    np.not_equal(packed[1:], packed[:-1], out=first[1:])
    del packed
    inverse = np.empty(count, dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    unique = points[order[first]]
    del order, first
    wrong = np.zeros(count, dtype=bool)
    for begin in range(0, count, chunk):
        stop = begin + chunk
        wrong[begin:stop] = (unique[inverse[begin:stop]] != points[begin:stop]).any(axis=1)
    if wrong.any():
        mixed = np.isin(inverse, np.unique(inverse[wrong]))
        exact, relabel = np.unique(points[mixed], axis=0, return_inverse=True)
        inverse[mixed] = len(unique) + relabel.reshape(-1)
        unique, inverse = drop_unused(np.concatenate((unique, exact)), inverse)
    return unique.astype(np.float64), inverse


def drop_unused(vertices: np.ndarray, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The vertices `indices` refer to, and the indices renumbered."""
    used = np.zeros(len(vertices), dtype=bool)
    used[indices.reshape(-1)] = True
    if used.all():
        return vertices, indices
    renumber = np.cumsum(used) - 1
    return vertices[used], renumber[indices]


@dataclass(frozen=True)
class Surfaces:
    """Signed volume and areas: total, facing up and down (projected on the bed) and facing
    sideways (projected on a vertical: what perimeters cover, layer after layer)."""

    volume: float
    area: float
    up: float
    down: float
    side: float


def surfaces(vertices, faces, chunk: int = 1 << 18) -> Surfaces:
    volume = area = up = down = side = 0.0
    for begin in range(0, len(faces), chunk):
        tri = vertices[faces[begin : begin + chunk]]
        cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        volume += float(np.einsum("ij,ij->", tri[:, 0], cross)) / 6
        double = np.sqrt(np.einsum("ij,ij->i", cross, cross))
        area += float(double.sum()) / 2
        vertical = cross[:, 2]  # twice the area projected on the bed, signed by facing
        up += float(vertical[vertical > 0].sum()) / 2
        down -= float(vertical[vertical < 0].sum()) / 2
        side += float(np.sqrt(np.maximum(double**2 - vertical**2, 0)).sum()) / 2
    return Surfaces(volume, area, up, down, side)


def sections(vertices, faces, levels, chunk: int = 1 << 18) -> tuple[np.ndarray, np.ndarray]:
    """(area, outline length) of the part cut at each height in `levels` (sorted). Each
    triangle a plane crosses gives a segment, oriented by the triangle's facing (the outline
    runs anticlockwise round matter, seen from above), so the shoelace sum over the segments
    is the section's area without chaining them into loops (holes count negative). Only the
    (triangle, level) pairs that cross are computed."""
    levels = np.asarray(levels, dtype=np.float64)
    areas, outlines = np.zeros(len(levels)), np.zeros(len(levels))
    for begin in range(0, len(faces), chunk):
        tri = vertices[faces[begin : begin + chunk]]
        z = tri[:, :, 2]
        first = np.searchsorted(levels, z.min(axis=1), side="right")
        count = np.searchsorted(levels, z.max(axis=1), side="left") - first
        count = np.maximum(count, 0)
        if not count.any():
            continue
        which = np.repeat(np.arange(len(tri)), count)
        level = first[which] + np.arange(len(which)) - np.repeat(np.cumsum(count) - count, count)
        t = tri[which]
        zs = z[which] - levels[level][:, None]
        n = np.cross(t[:, 1] - t[:, 0], t[:, 2] - t[:, 0])
        cuts, points = [], []
        for a, b in ((0, 1), (1, 2), (2, 0)):
            crossing = (zs[:, a] < 0) != (zs[:, b] < 0)
            share = zs[:, a] / np.where(crossing, zs[:, a] - zs[:, b], 1)
            cuts.append(crossing)
            points.append(t[:, a, :2] + share[:, None] * (t[:, b, :2] - t[:, a, :2]))
        # The two edges each triangle crosses: the first and the second crossing found.
        one = np.where(cuts[0][:, None], points[0], points[1])
        two = np.where(cuts[2][:, None], points[2], points[1])
        direction = two - one
        # Anticlockwise round matter: along the cross product of z and the normal.
        flip = (direction[:, 0] * -n[:, 1] + direction[:, 1] * n[:, 0]) < 0
        p = np.where(flip[:, None], two, one)
        q = np.where(flip[:, None], one, two)
        shoelace = (p[:, 0] * q[:, 1] - q[:, 0] * p[:, 1]) / 2
        areas += np.bincount(level, weights=shoelace, minlength=len(levels))
        outlines += np.bincount(level, weights=np.hypot(*(q - p).T), minlength=len(levels))
    return areas, outlines


def edge_counts(faces: np.ndarray, vertex_count: int) -> tuple[bool, bool]:
    """(closed, consistently wound): every edge shared by exactly two triangles, and the two
    run it in opposite directions (so that the volume is right)."""
    a = faces.reshape(-1).astype(np.uint64)
    b = np.roll(faces, -1, axis=1).reshape(-1).astype(np.uint64)
    n = np.uint64(vertex_count)
    undirected = np.sort(np.minimum(a, b) * n + np.maximum(a, b))
    breaks = np.flatnonzero(np.diff(undirected)) + 1
    runs = np.diff(np.concatenate(([0], breaks, [len(undirected)])))
    closed = bool(len(runs)) and bool((runs == 2).all())
    if not closed:
        return False, False
    directed = np.sort(a * n + b)
    return True, bool((directed[1:] != directed[:-1]).all())


def face_areas(triangles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(areas, unit normals) of (m, 3, 3) triangles."""
    cross = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    double = np.linalg.norm(cross, axis=1)
    normals = cross / np.where(double > 0, double, 1)[:, None]
    return double / 2, normals


def body_count(faces: np.ndarray, vertex_count: int) -> int:
    """Connected groups of triangles (sharing a vertex): union-find by hooking and pointer
    jumping, a few numpy passes whatever the size."""
    if len(faces) == 0:
        return 0
    parent = np.arange(vertex_count)
    u = np.concatenate((faces[:, 0], faces[:, 1]))
    v = np.concatenate((faces[:, 1], faces[:, 2]))
    while True:
        pu, pv = parent[u], parent[v]
        differ = pu != pv
        if not differ.any():
            break
        low, high = np.minimum(pu[differ], pv[differ]), np.maximum(pu[differ], pv[differ])
        np.minimum.at(parent, high, low)
        while True:  # pointer jumping: every vertex points at its root
            grand = parent[parent]
            if (grand == parent).all():
                break
            parent = grand
    used = np.zeros(vertex_count, dtype=bool)
    used[faces.reshape(-1)] = True
    return int(np.count_nonzero(used & (parent == np.arange(vertex_count))))


def convex_hull_2d(points: np.ndarray) -> np.ndarray:
    """Andrew's monotone chain on (n, 2) points; returns the hull's corners in order."""
    points = np.unique(np.round(points, 6), axis=0)
    if len(points) < 3:
        return points

    def half(pts):
        chain: list = []
        for p in pts:
            while len(chain) >= 2:
                (ax, ay), (bx, by) = chain[-2], chain[-1]
                if (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax) > 0:
                    break
                chain.pop()
            chain.append((p[0], p[1]))
        return chain

    lower = half(points)
    upper = half(points[::-1])
    return np.array(lower[:-1] + upper[:-1])


HULL_BLOCK = 1 << 14  # points projected at a time


def _hull_candidates(points: np.ndarray) -> np.ndarray:
    """Cheap pre-filter before the Python hull: the points on the rim of a 72-direction
    polygon contain the hull's corners that matter for a bounding rectangle."""
    if len(points) <= 2000:
        return points
    angles = np.linspace(0, np.pi, 180, endpoint=False)
    directions = np.stack((np.cos(angles), np.sin(angles)), axis=1)
    rows = np.arange(len(angles))
    low, high = np.full(len(angles), np.inf), np.full(len(angles), -np.inf)
    low_at, high_at = np.zeros(len(angles), np.int64), np.zeros(len(angles), np.int64)
    # By blocks of points, each direction a contiguous row: memory stays small (a million
    # points at once took 1.4 GB and seconds per call) and the first extreme point is kept.
    for start in range(0, len(points), HULL_BLOCK):
        projections = directions @ points[start : start + HULL_BLOCK].T
        lowest, highest = projections.argmin(axis=1), projections.argmax(axis=1)
        for best, best_at, index, better in (
            (low, low_at, lowest, np.less),
            (high, high_at, highest, np.greater),
        ):
            values = projections[rows, index]
            improved = better(values, best)
            best[improved], best_at[improved] = values[improved], index[improved] + start
    return points[np.unique(np.concatenate((low_at, high_at)))]


def _turns(angle: float) -> np.ndarray:
    """The rotation by `angle` about Z (row vectors: p·R)."""
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def bed_turn(points: np.ndarray, bed: tuple[float, float]) -> tuple[float, float, float] | None:
    """An angle about Z at which the (n, 2) footprint fits a bed (x, y): (angle, width,
    depth), or None. Tries the hull's edge directions and every degree of a quarter turn
    (diagonal placements included)."""
    hull = convex_hull_2d(_hull_candidates(points))
    if len(hull) < 3:
        hull = np.asarray(points, dtype=np.float64)
    edges = np.diff(np.vstack((hull, hull[:1])), axis=0)
    angles = np.concatenate(
        (np.mod(np.arctan2(edges[:, 1], edges[:, 0]), np.pi / 2), np.radians(np.arange(91)))
    )
    cos, sin = np.cos(angles), np.sin(angles)
    xs = np.outer(hull[:, 0], cos) + np.outer(hull[:, 1], sin)
    ys = np.outer(hull[:, 1], cos) - np.outer(hull[:, 0], sin)
    widths, depths = np.ptp(xs, axis=0), np.ptp(ys, axis=0)
    upright = (widths <= bed[0]) & (depths <= bed[1])
    across = (widths <= bed[1]) & (depths <= bed[0])
    for index in np.argsort(widths * depths):  # the snuggest placement first
        if upright[index]:
            return float(angles[index]), float(widths[index]), float(depths[index])
        if across[index]:
            return float(angles[index] + np.pi / 2), float(depths[index]), float(widths[index])
    return None


@dataclass(frozen=True)
class Fit:
    fits: bool
    orientation: str  # "as_is", "turned" (on the bed), "side" (another face down), "flat"
    rotation: np.ndarray  # 3 by 3, applied to the vertices (row vectors: p·R)
    size: tuple[float, float, float]


def _rotation_to_down(direction: np.ndarray) -> np.ndarray:
    """A rotation (row vectors) taking `direction` to -Z."""
    a = direction / np.linalg.norm(direction)
    b = np.array([0.0, 0.0, -1.0])
    v = np.cross(a, b)
    c = float(a @ b)
    if np.linalg.norm(v) < 1e-12:
        return np.eye(3) if c > 0 else np.diag([1.0, -1.0, -1.0])
    k = np.array([[0, -v[2], v[1]], [v[2], 0, -v[0]], [-v[1], v[0], 0]])
    matrix = np.eye(3) + k + k @ k * (1 / (1 + c))  # column-vector rotation
    return matrix.T


def _resting_faces(vertices, faces, normals, areas, limit=12) -> list[np.ndarray]:
    """Directions of the largest flat areas the part can rest on (its face lies on a
    supporting plane: no point of the part lies beyond it)."""
    if len(faces) == 0:
        return []
    keys = np.round(normals, 2)
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    totals = np.bincount(inverse.ravel(), weights=areas, minlength=len(unique))
    found = []
    span = float(np.ptp(vertices, axis=0).max()) or 1.0
    for index in np.argsort(totals)[::-1][: limit * 3]:
        members = np.flatnonzero(inverse.ravel() == index)
        mean = (normals[members] * areas[members, None]).sum(axis=0)  # the exact facing
        direction = mean / (np.linalg.norm(mean) or 1)
        plane = float((vertices[faces[members, 0]] @ direction).min())
        if plane >= float((vertices @ direction).max()) - 1e-3 * span:
            found.append(direction)
        if len(found) >= limit:
            break
    return found


def find_fit(vertices, faces, volume: tuple[float, float, float]) -> Fit:
    """The first orientation that fits `volume` (x, y, z in mm): as the file is, turned on
    the bed, on one of its six sides, then resting on its larger flat faces."""
    extent = np.ptp(vertices, axis=0)
    as_is = tuple(float(e) for e in extent)
    if extent[2] <= volume[2] and extent[0] <= volume[0] and extent[1] <= volume[1]:
        return Fit(True, "as_is", np.eye(3), as_is)
    sides = np.vstack((-np.eye(3)[2:], np.eye(3)[2:], np.eye(3)[:2], -np.eye(3)[:2]))
    for index, direction in enumerate(sides):  # the bottom first (turned on the bed)
        fit = _try_down(vertices, direction, volume, "turned" if index == 0 else "side")
        if fit:
            return fit
    areas, normals = face_areas(vertices[faces])
    for direction in _resting_faces(vertices, faces, normals, areas):
        fit = _try_down(vertices, direction, volume, "flat")
        if fit:
            return fit
    return Fit(False, "as_is", np.eye(3), as_is)


def _try_down(vertices, direction, volume, orientation) -> Fit | None:
    rotation = _rotation_to_down(direction)
    moved = vertices @ rotation
    height = float(np.ptp(moved[:, 2]))
    if height > volume[2]:
        return None
    found = bed_turn(moved[:, :2], volume[:2])
    if found is None:
        return None
    angle, width, depth = found
    return Fit(True, orientation, rotation @ _turns(angle), (width, depth, height))
