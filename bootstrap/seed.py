"""`hexashop seed`: fill the catalog with a generated, realistic one, a million products in minutes.

What it makes, the same for the same ``--seed`` (and the same catalog to append to):

- A category tree of ``categories`` nodes: a few departments at the top (Electronics, Home &
  Kitchen, …), their aisles below (Audio, Cookware, …) and, under two aisles of every three,
  a third level named after the things sold there (Headphones, Frying Pans, …). Slugs are
  the path's words joined by hyphens (``electronics-audio-headphones``).
- Products in the leaves, spread unevenly (a few categories hold many): names such as
  "Lumora Wireless Headphones Kavix" and descriptions of a few sentences, all drawn from word
  lists, so that full-text and typo-tolerant search have common and rare words to find;
  log-normal prices in cents with shop endings (.99, .95, .49, .00), mostly EUR, some USD;
  JSON metadata (brand, color, material, tags, and per department size, wireless, pages, …);
  about 4 % inactive.
- Stock: about 12 % of the products have none; the others received a number of units,
  recorded as one "receive" movement by the seed (actor: the nil UUID, note "initial stock
  (hexashop seed)"), so each product's ledger sums to its level.
- Creation times that grow with the product number, and products loaded in that order, as a
  shop's table fills: the first run's products are created one after another over the two
  years before a fixed instant (a random moment within each one's slot of that time), an
  appended run's over two years more after the newest stored product. The order matters to
  searches: with rows stored in creation order, the newest products (every newest-first
  search starts there) sit on few table pages, and a range of creation times is a range of
  pages (which the BRIN index on ``created_at`` finds); drawn at random, as they once were,
  they cost a page read per product and made a million-product catalog look slower than a
  real one.

Every aggregate is made through the domain (``Category.create``, ``Product.create`` and its
value objects, ``StockLevel.open`` and ``adjust``), so the rules that guard the API guard the
seed too; that costs two to three minutes of CPU per million products (a third of it the
value objects' checks), spent in a worker thread while the database loads the previous
batch, which takes longer.

A catalog that holds anything is refused unless ``append`` is set. Appending derives a run
offset from the products stored: SKU numbers continue after it and slugs get it as a suffix
(``electronics-audio-1000001``), and the random draws depend on it, so runs never reuse ids,
SKUs or slugs (unless products were deleted meanwhile: the run then fails on a taken SKU
and keeps nothing, since everything is loaded in one transaction). Its products' creation
times start after the newest stored product's.
"""

from __future__ import annotations

import asyncio
import math
import random
import re
import sys
import time
from collections.abc import AsyncGenerator, Callable, Iterator, Sequence
from contextlib import aclosing, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate, count
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar
from uuid import UUID

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from adapters.outbound.persistence.postgres.catalog.bulk_load import PostgresCatalogBulkLoader
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.catalog.bulk_loading import CatalogBulkLoader, StockedProduct
from domain.catalog.category import Category, check_room_for_category
from domain.catalog.metadata import ProductMetadata
from domain.catalog.product import MAX_PRICE, Product
from domain.catalog.stock import StockLevel, StockMovement, StockMovementReason
from domain.catalog.values import (
    CategoryId,
    CategoryName,
    Description,
    ProductId,
    ProductName,
    Sku,
    Slug,
)
from domain.shared.money import Money

DEFAULT_CATEGORIES = 50
CHUNK = 1_000  # products drawn from one random stream: the unit of determinism
BATCH = 20  # chunks per load: 20,000 products, one COPY per table
# Times are drawn back from a fixed instant, so a seed gives the same catalog on any day.
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)
PRODUCT_AGE = timedelta(days=730)
CATEGORIES_CREATED = ANCHOR - PRODUCT_AGE - timedelta(days=30)
_TICK = timedelta(microseconds=1)  # PostgreSQL's resolution of a timestamp
_PERIOD_TICKS = PRODUCT_AGE // _TICK
SEED_ACTOR_ID = UUID(int=0)  # no user: the seed command itself
STOCK_NOTE = "initial stock (hexashop seed)"
INACTIVE_SHARE = 0.04
OUT_OF_STOCK_SHARE = 0.12
USD_SHARE = 0.2


T = TypeVar("T")


class _Draw(random.Random):
    """Random draws of one ``random()`` call each: the stdlib's ``choice`` and ``randint``
    loop on ``getrandbits``, which costs seconds over millions of draws."""

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.random() * len(items))]

    def between(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high``, both included."""
        return low + int(self.random() * (high - low + 1))


# ---- Word lists ----------------------------------------------------------------------------


def _electronics(rng: _Draw) -> dict[str, Any]:
    return {"wireless": rng.random() < 0.5, "warranty_years": rng.pick((1, 2, 2, 3))}


def _home(rng: _Draw) -> dict[str, Any]:
    size = {"width_cm": rng.between(5, 220), "height_cm": rng.between(2, 200)}
    return {"dimensions": size, "dishwasher_safe": rng.random() < 0.4}


def _fashion(rng: _Draw) -> dict[str, Any]:
    return {"size": rng.pick(_SIZES), "fit": rng.pick(("slim", "regular", "relaxed"))}


def _sports(rng: _Draw) -> dict[str, Any]:
    extras: dict[str, Any] = {"weight_g": rng.between(40, 15_000)}
    if rng.random() < 0.5:
        extras["size"] = rng.pick(_SIZES)
    return extras


def _books(rng: _Draw) -> dict[str, Any]:
    return {
        "author": f"{rng.pick(_FIRST_NAMES)} {rng.pick(_LAST_NAMES)}",
        "pages": rng.between(48, 960),
        "language": rng.pick(("en", "en", "en", "de", "fr", "es")),
        "format": rng.pick(("paperback", "hardcover", "ebook")),
    }


def _toys(rng: _Draw) -> dict[str, Any]:
    return {"age_min": rng.pick((0, 3, 3, 6, 8, 12)), "pieces": rng.pick((1, 24, 100, 500))}


def _beauty(rng: _Draw) -> dict[str, Any]:
    return {"volume_ml": rng.pick((15, 30, 50, 100, 250, 500)), "vegan": rng.random() < 0.5}


def _garden(rng: _Draw) -> dict[str, Any]:
    cordless = rng.random() < 0.4
    return {"cordless": cordless, **({"voltage": rng.pick((18, 20, 36))} if cordless else {})}


def _office(rng: _Draw) -> dict[str, Any]:
    return {"pack_size": rng.pick((1, 1, 2, 5, 10, 50))}


def _pets(rng: _Draw) -> dict[str, Any]:
    return {"pet_size": rng.pick(("small", "medium", "large"))}


@dataclass(frozen=True, slots=True)
class _Department:
    """A top category: its aisles (name, what is sold there), its median price and spread."""

    name: str
    median_cents: int
    spread: float
    aisles: tuple[tuple[str, tuple[str, ...]], ...]
    extras: Callable[[_Draw], dict[str, Any]]
    materials: tuple[str, ...] = ()  # empty: the shared list


DEPARTMENTS: tuple[_Department, ...] = (
    _Department(
        "Electronics",
        8_900,
        1.0,
        (
            ("Audio", ("Headphones", "Earbuds", "Speaker", "Soundbar", "Amplifier", "Turntable")),
            ("Computers", ("Laptop", "Keyboard", "Mouse", "Monitor", "Webcam", "External Drive")),
            ("Phones & Tablets", ("Smartphone", "Tablet", "Phone Case", "Charger", "Power Bank")),
            ("Cameras", ("Camera", "Lens", "Tripod", "Action Camera", "Camera Bag")),
            ("Wearables", ("Smartwatch", "Fitness Tracker", "Watch Strap", "Smart Ring")),
            ("Gaming", ("Controller", "Gaming Headset", "Racing Wheel", "Gaming Chair")),
            ("TV & Video", ("Television", "Projector", "Streaming Stick", "Wall Mount")),
        ),
        _electronics,
    ),
    _Department(
        "Home & Kitchen",
        3_900,
        0.9,
        (
            ("Cookware", ("Frying Pan", "Saucepan", "Stock Pot", "Wok", "Dutch Oven")),
            ("Small Appliances", ("Blender", "Toaster", "Kettle", "Coffee Maker", "Air Fryer")),
            ("Tableware", ("Plate", "Bowl", "Mug", "Wine Glass", "Cutlery Set")),
            ("Furniture", ("Sofa", "Armchair", "Bookshelf", "Coffee Table", "Dining Chair")),
            ("Lighting", ("Floor Lamp", "Desk Lamp", "Pendant Light", "String Lights")),
            ("Bedding", ("Duvet", "Pillow", "Bed Sheet", "Blanket", "Mattress Topper")),
        ),
        _home,
    ),
    _Department(
        "Fashion",
        4_500,
        0.7,
        (
            ("Women's Clothing", ("Dress", "Blouse", "Skirt", "Cardigan", "Jumpsuit")),
            ("Men's Clothing", ("Shirt", "Chinos", "Blazer", "Polo Shirt", "Hoodie")),
            ("Shoes", ("Sneakers", "Boots", "Sandals", "Loafers", "Running Shoes")),
            ("Bags", ("Backpack", "Tote Bag", "Handbag", "Wallet", "Duffel Bag")),
            ("Accessories", ("Scarf", "Belt", "Sunglasses", "Hat", "Gloves")),
            ("Jewelry", ("Necklace", "Bracelet", "Earrings", "Ring", "Watch")),
        ),
        _fashion,
    ),
    _Department(
        "Sports & Outdoors",
        5_500,
        1.0,
        (
            ("Camping", ("Tent", "Sleeping Bag", "Camping Stove", "Headlamp", "Cooler")),
            ("Cycling", ("Bicycle", "Bike Helmet", "Bike Light", "Saddle", "Bike Lock")),
            ("Fitness", ("Dumbbell", "Yoga Mat", "Kettlebell", "Resistance Band", "Jump Rope")),
            ("Running", ("Running Jacket", "Hydration Vest", "Running Tights", "Sports Watch")),
            ("Water Sports", ("Kayak", "Paddle", "Wetsuit", "Swim Goggles", "Life Jacket")),
            ("Team Sports", ("Football", "Basketball", "Tennis Racket", "Hockey Stick")),
        ),
        _sports,
    ),
    _Department(
        "Books",
        1_800,
        0.5,
        (
            ("Fiction", ("Novel", "Thriller", "Short Stories", "Fantasy Saga", "Mystery")),
            ("Non-fiction", ("Biography", "History", "Essays", "Travel Guide")),
            ("Children's Books", ("Picture Book", "Bedtime Stories", "Activity Book")),
            ("Cooking", ("Cookbook", "Baking Book", "Recipe Journal")),
            ("Science & Nature", ("Field Guide", "Atlas", "Encyclopedia", "Textbook")),
        ),
        _books,
        ("paper", "recycled paper", "cloth-bound board", "coated paper"),
    ),
    _Department(
        "Toys & Games",
        2_900,
        0.8,
        (
            ("Board Games", ("Board Game", "Card Game", "Puzzle", "Strategy Game")),
            ("Building Sets", ("Building Blocks", "Construction Set", "Marble Run", "Model Kit")),
            ("Dolls & Figures", ("Doll", "Action Figure", "Plush Toy", "Dollhouse")),
            ("Outdoor Play", ("Kite", "Scooter", "Trampoline", "Water Blaster", "Sandbox")),
            ("Learning", ("Science Kit", "Globe", "Microscope", "Coding Robot")),
        ),
        _toys,
    ),
    _Department(
        "Beauty",
        1_900,
        0.7,
        (
            ("Skincare", ("Moisturizer", "Serum", "Cleanser", "Sunscreen", "Face Mask")),
            ("Hair Care", ("Shampoo", "Conditioner", "Hair Dryer", "Straightener", "Hair Oil")),
            ("Makeup", ("Lipstick", "Mascara", "Foundation", "Eyeshadow Palette", "Blush")),
            ("Fragrance", ("Perfume", "Eau de Toilette", "Body Mist", "Scented Candle")),
            ("Grooming", ("Shaver", "Beard Trimmer", "Razor", "Toothbrush")),
        ),
        _beauty,
        ("glass", "recycled plastic", "aluminium", "bamboo", "natural oils", "shea butter"),
    ),
    _Department(
        "Garden & DIY",
        4_900,
        1.0,
        (
            ("Garden Tools", ("Spade", "Rake", "Pruning Shears", "Garden Hose", "Wheelbarrow")),
            ("Power Tools", ("Drill", "Circular Saw", "Sander", "Jigsaw", "Impact Driver")),
            ("Hand Tools", ("Hammer", "Screwdriver Set", "Wrench", "Pliers", "Tape Measure")),
            ("Outdoor Living", ("Parasol", "Garden Bench", "Barbecue", "Hammock", "Fire Pit")),
            ("Plants & Pots", ("Planter", "Seed Kit", "Plant Food", "Grow Light")),
        ),
        _garden,
    ),
    _Department(
        "Office",
        2_400,
        0.9,
        (
            ("Stationery", ("Notebook", "Fountain Pen", "Pencil Set", "Planner", "Sticky Notes")),
            ("Office Furniture", ("Office Chair", "Standing Desk", "Filing Cabinet")),
            ("Printing", ("Printer", "Ink Cartridge", "Label Maker", "Paper Ream")),
            ("Organization", ("Desk Organizer", "Binder", "Letter Tray", "Whiteboard")),
        ),
        _office,
    ),
    _Department(
        "Pets",
        2_200,
        0.8,
        (
            ("Dogs", ("Dog Bed", "Leash", "Collar", "Chew Toy", "Dog Bowl")),
            ("Cats", ("Cat Tree", "Scratching Post", "Litter Box", "Cat Toy")),
            ("Fish & Aquatics", ("Aquarium", "Aquarium Filter", "Fish Food", "Heater")),
            ("Small Animals", ("Hamster Cage", "Hay Feeder", "Exercise Wheel")),
        ),
        _pets,
    ),
)

# Third-level categories beyond the things sold in an aisle are named "<qualifier> <thing>".
_QUALIFIERS = (
    "Kids'",
    "Professional",
    "Budget",
    "Premium",
    "Travel",
    "Outdoor",
    "Vintage",
    "Smart",
    "Eco",
    "Compact",
    "Refurbished",
    "Designer",
)
_BRANDS = (
    "Nordvik",
    "Lumora",
    "Trekka",
    "Veloxa",
    "Brightfield",
    "Solano",
    "Harborline",
    "Aurelia",
    "Zentro",
    "Pinecrest",
    "Orbitale",
    "Calyxa",
    "Maplewood",
    "Quillon",
    "Stellan",
    "Tundrix",
    "Vantor",
    "Alderbay",
    "Bramblecot",
    "Copperleaf",
    "Driftnor",
    "Elmira",
    "Fjordic",
    "Glenmoor",
    "Halcyra",
    "Ironbark",
    "Junipera",
    "Kairon",
    "Larkspur",
    "Norrland",
    "Oakhaven",
    "Peregra",
    "Quarrow",
    "Redwyn",
    "Saltmere",
    "Tamarel",
    "Umbrio",
    "Vireon",
    "Wexley",
    "Yarrowby",
)
_ADJECTIVES = (
    "Compact",
    "Ergonomic",
    "Wireless",
    "Portable",
    "Premium",
    "Classic",
    "Smart",
    "Rugged",
    "Lightweight",
    "Foldable",
    "Professional",
    "Vintage",
    "Modern",
    "Deluxe",
    "Ultra",
    "Slim",
    "Heavy-Duty",
    "Waterproof",
    "Cordless",
    "Adjustable",
    "Minimalist",
    "Handcrafted",
    "Organic",
    "Silent",
    "Rechargeable",
    "Insulated",
    "Reversible",
    "Stackable",
    "Everyday",
    "Studio",
    "Urban",
    "Nordic",
    "Artisan",
    "Essential",
    "Signature",
)
# Model names: invented words of three parts (about 5,000), or a letter and a number
# (about 4,000), so that names hold rare words as well as common ones.
_SYLLABLES: tuple[tuple[str, ...], ...] = (
    (
        "ka",
        "lo",
        "mi",
        "ne",
        "po",
        "ru",
        "sa",
        "te",
        "vi",
        "zo",
        "ba",
        "de",
        "fa",
        "gu",
        "ha",
        "jo",
        "ki",
        "lu",
        "ma",
        "no",
        "pe",
        "ri",
        "so",
        "tu",
    ),
    (
        "ran",
        "tel",
        "vix",
        "dor",
        "mun",
        "sep",
        "lak",
        "tor",
        "vin",
        "bel",
        "cor",
        "dun",
        "fen",
        "gar",
        "hol",
        "jun",
        "kes",
        "lim",
        "mor",
        "nax",
        "pil",
        "quo",
        "rust",
        "sol",
        "tav",
        "urn",
        "vel",
        "wick",
        "yor",
        "zen",
    ),
    ("", "", "a", "o", "is", "en", "ix", "ar"),
)
_MODEL_LETTERS = "XSPRMTGKZABCDEFH"
_SERIES = ("Pro", "Plus", "Max", "Mini", "Lite", "Air", "Neo", "One", "II", "III")
_MATERIALS = (
    "aluminium",
    "stainless steel",
    "oak",
    "walnut",
    "bamboo",
    "cotton",
    "organic cotton",
    "linen",
    "wool",
    "leather",
    "recycled plastic",
    "silicone",
    "glass",
    "ceramic",
    "polyester",
    "nylon",
    "carbon fiber",
    "cork",
    "rubber",
    "paper",
)
_COLORS = (
    "black",
    "white",
    "grey",
    "silver",
    "red",
    "blue",
    "navy",
    "green",
    "olive",
    "beige",
    "brown",
    "pink",
    "yellow",
    "orange",
    "purple",
    "gold",
    "teal",
)
_SIZES = ("xs", "s", "m", "l", "xl", "xxl")
_ENDINGS = (99, 99, 99, 99, 99, 99, 95, 49, 0, 0)  # of prices from 10.00 up, by frequency
_TAGS = (
    "bestseller",
    "new",
    "eco",
    "gift",
    "sale",
    "limited",
    "premium",
    "budget",
    "handmade",
    "vegan",
    "recycled",
    "award-winning",
    "travel",
    "outdoor",
    "kids",
    "professional",
)
_PURPOSES = (
    "for everyday use",
    "built for travel",
    "made to last",
    "designed for small spaces",
    "for home and office",
    "for beginners and pros alike",
    "for the whole family",
    "for long weekends outdoors",
    "for people who care about details",
    "that looks as good as it works",
)
_FEATURES = (
    "is easy to clean",
    "folds flat for storage",
    "comes with a two-year warranty",
    "weighs less than you would expect",
    "holds up to daily wear",
    "ships fully assembled",
    "charges in under two hours",
    "is certified for food contact",
    "resists water and dust",
    "fits in a carry-on bag",
    "is made in a solar-powered factory",
    "has a soft-touch finish",
)
_USES = (
    "camping",
    "commuting",
    "gifting",
    "cooking",
    "gaming",
    "studying",
    "running",
    "gardening",
    "travelling",
    "working from home",
    "weekend projects",
    "parties",
    "relaxing",
    "hiking",
)
_CLOSINGS = (
    "Ships in recyclable packaging.",
    "Pairs well with other {brand} products.",
    "Backed by our thirty-day return policy.",
    "Spare parts are available for ten years.",
    "Loved by thousands of customers.",
    "",
    "",
)
_FIRST_NAMES = ("Ada", "Bruno", "Clara", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines")
_LAST_NAMES = ("Almeida", "Berger", "Castillo", "Dubois", "Eriksen", "Fontaine", "Gallo", "Holm")


# ---- The run: what a seed makes -------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedRequest:
    products: int
    categories: int = DEFAULT_CATEGORIES
    seed: int = 0
    append: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SeedResult:
    categories: int
    products: int
    inactive: int
    out_of_stock: int
    units: int
    offset: int  # products stored before the run
    load_seconds: float  # until every batch was loaded
    finish_seconds: float  # the commit: index builds, VACUUM (ANALYZE)


class CatalogNotEmptyError(Exception):
    def __init__(self, products: int, categories: int) -> None:
        super().__init__(
            f"the catalog is not empty ({products:,} products, {categories:,} categories);"
            " pass --append to add to it"
        )


class SeedProgress(Protocol):
    def loaded(self, products: int) -> None:
        """``products`` more products are loaded (not yet committed)."""

    def finishing(self) -> None:
        """Everything is loaded; the commit and the statistics refresh are under way."""


@dataclass(frozen=True, slots=True)
class _Run:
    seed: int
    offset: int  # products stored before this run: SKUs continue after it
    products: int  # made by this run
    start: datetime  # when its first product may be created

    @classmethod
    def after(cls, seed: int, offset: int, products: int, newest: datetime | None) -> Self:
        """A run of ``products`` after ``offset`` stored ones, the newest created at
        ``newest``: a first run's products are created over the PRODUCT_AGE up to ANCHOR,
        a later run's over as long again after the newest stored product."""
        start = ANCHOR - PRODUCT_AGE if newest is None else newest + _TICK
        return cls(seed, offset, products, start)

    def created(self, n: int, jitter: float) -> datetime:
        """When the run's product ``n`` (from 0) was created: the run's period is cut into
        one slot per product, in product order, and ``jitter`` (0 to 1) places it in its
        slot, so creation times grow with the product number."""
        return self.start + _TICK * int((n + jitter) * _PERIOD_TICKS / self.products)

    @property
    def suffix(self) -> str:
        """Appended to slugs when the catalog was not empty, so runs never share one."""
        return "" if self.offset == 0 else f"-{self.offset + 1}"

    def random(self, stream: str) -> _Draw:
        # A str seed is hashed with SHA-512: the same on every machine and Python run.
        return _Draw(f"hexashop-seed:{self.seed}:{self.offset}:{stream}")


@dataclass(frozen=True, slots=True)
class _Leaf:
    """A category products go in, with what its products are called."""

    id: CategoryId
    department: _Department
    things: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Tree:
    categories: list[Category]
    leaves: list[_Leaf]
    cum_weights: list[float]  # of the leaves, uneven, for rng.choices


async def seed_catalog(
    loader: CatalogBulkLoader, request: SeedRequest, progress: SeedProgress | None = None
) -> SeedResult:
    """Load the catalog ``request`` describes in one transaction of ``loader``.

    Raises:
        CatalogNotEmptyError: the catalog holds something and ``append`` is not set.
        CategoryLimitReachedError: the tree would exceed MAX_CATEGORIES.
        ConflictError: a SKU or slug of the run is taken (nothing is kept).
    """
    if request.products < 1 or request.categories < 1:
        raise ValueError("a seed makes at least one product and one category")
    started = time.perf_counter()
    async with loader:
        stored_products = await loader.count_products()
        stored_categories = await loader.count_categories()
        if (stored_products or stored_categories) and not request.append:
            raise CatalogNotEmptyError(stored_products, stored_categories)
        check_room_for_category(stored_categories + request.categories - 1)
        newest = await loader.newest_product_created_at()
        run = _Run.after(request.seed, stored_products, request.products, newest)
        tree = await asyncio.to_thread(_plan_tree, run, request.categories)
        await loader.load(tree.categories, [])
        tally = _Tally()
        async with aclosing(_drawn(run, tree)) as batches:
            async for batch in batches:
                await loader.load([], batch)
                tally.add(batch)
                if progress is not None:
                    progress.loaded(len(batch))
        loaded = time.perf_counter()
        if progress is not None:
            progress.finishing()
        await loader.commit()
    return SeedResult(
        categories=len(tree.categories),
        products=request.products,
        inactive=tally.inactive,
        out_of_stock=tally.out_of_stock,
        units=tally.units,
        offset=run.offset,
        load_seconds=loaded - started,
        finish_seconds=time.perf_counter() - loaded,
    )


class _Tally:
    def __init__(self) -> None:
        self.inactive = self.out_of_stock = self.units = 0

    def add(self, batch: Sequence[StockedProduct]) -> None:
        for stocked in batch:
            self.inactive += not stocked.product.active
            self.out_of_stock += stocked.stock.on_hand == 0
            self.units += stocked.stock.on_hand


async def _drawn(run: _Run, tree: _Tree) -> AsyncGenerator[list[StockedProduct], None]:
    """The batches in order; batch n + 1 is drawn in a worker thread while n is loaded."""
    batches = math.ceil(run.products / (CHUNK * BATCH))
    pending = asyncio.ensure_future(asyncio.to_thread(_batch, run, tree, 0))
    try:
        for index in range(1, batches + 1):
            batch = await pending
            if index < batches:
                pending = asyncio.ensure_future(asyncio.to_thread(_batch, run, tree, index))
            yield batch
    finally:
        # A thread cannot be cancelled: wait for the batch in flight rather than leak it.
        with suppress(Exception):
            await pending


# ---- The category tree ----------------------------------------------------------------------


def _plan_tree(run: _Run, size: int) -> _Tree:
    """``size`` categories: departments, aisles (half of the rest), things under 2 aisles of 3."""
    rng = run.random("categories")
    tree = _TreeBuilder(run, rng)
    departments = DEPARTMENTS[: max(1, min(len(DEPARTMENTS), size // 8))]
    tops = [tree.add(department.name, None) for department in departments]
    below = size - len(tops)
    dealt = _dealt_aisles(departments)[: math.ceil(below / 2)]
    aisles = [
        (tree.add(aisle, tops[index]), departments[index], things)
        for index, (aisle, things) in dealt
    ]
    parents = [aisle for i, aisle in enumerate(aisles) if i % 3 != 2] or aisles
    names = [_third_level_names(things) for _, _, things in parents]
    leaves: list[_Leaf] = []
    for i in range(below - len(aisles)):
        parent, department, _ = parents[i % len(parents)]
        name, things = next(names[i % len(parents)])
        leaves.append(_Leaf(tree.add(name, parent).id, department, things))
    fathers = tree.parents()
    leaves += [_Leaf(node.id, d, things) for node, d, things in aisles if node.id not in fathers]
    leaves += [
        _Leaf(top.id, department, tuple(_all_things(department)))
        for top, department in zip(tops, departments, strict=True)
        if top.id not in fathers
    ]
    # Uneven sizes: the k-th leaf of a shuffled order weighs 1 / (k + 1) ** 0.8.
    rng.shuffle(leaves)
    weights = [1 / (k + 1) ** 0.8 for k in range(len(leaves))]
    return _Tree(tree.categories, leaves, list(accumulate(weights)))


class _TreeBuilder:
    def __init__(self, run: _Run, rng: _Draw) -> None:
        self._run = run
        self._rng = rng
        self._paths: dict[CategoryId, list[CategoryId]] = {}
        self._children: dict[CategoryId | None, int] = {}
        self._slugs: set[str] = set()
        self.categories: list[Category] = []

    def add(self, name: str, parent: Category | None) -> Category:
        suffix = self._run.suffix
        words = _slug_words(name)
        if parent is not None:
            words = f"{parent.slug.value.removesuffix(suffix)}-{words}"
        slug, n = words + suffix, 2
        while slug in self._slugs:
            slug, n = f"{words}-{n}{suffix}", n + 1
        self._slugs.add(slug)
        path = [] if parent is None else self._paths[parent.id]
        position = self._children.get(None if parent is None else parent.id, 0)
        category = Category.create(
            id=CategoryId(_uuid(self._rng)),
            name=CategoryName(name),
            slug=Slug(slug),
            parent_path=path,
            position=position * 10,
            now=CATEGORIES_CREATED,
        )
        self._children[category.parent_id] = position + 1
        self._paths[category.id] = [*path, category.id]
        self.categories.append(category)
        return category

    def parents(self) -> set[CategoryId]:
        return {key for key in self._children if key is not None}


def _dealt_aisles(
    departments: Sequence[_Department],
) -> list[tuple[int, tuple[str, tuple[str, ...]]]]:
    """Every department's first aisle, then every second one, …: (department index, aisle)."""
    deepest = max(len(department.aisles) for department in departments)
    return [
        (index, department.aisles[rank])
        for rank in range(deepest)
        for index, department in enumerate(departments)
        if rank < len(department.aisles)
    ]


def _third_level_names(things: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The things of an aisle, then "<qualifier> <thing>", then numbered series."""
    for thing in things:
        yield _plural(thing), (thing,)
    for qualifier in _QUALIFIERS:
        for thing in things:
            yield f"{qualifier} {_plural(thing)}", (thing,)
    for series in count(2):
        for thing in things:
            yield f"{_plural(thing)} {series}", (thing,)


def _all_things(department: _Department) -> Iterator[str]:
    for _, things in department.aisles:
        yield from things


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _slug_words(name: str) -> str:
    return _NOT_SLUG.sub("-", name.lower().replace("'", "").replace("&", "")).strip("-")


def _plural(thing: str) -> str:
    if thing.endswith(("s", "Stories", "Essays", "Lights", "Notes", "Shears", "Pliers")):
        return thing
    if thing.endswith("y") and not thing.endswith(("ay", "ey", "oy")):
        return thing[:-1] + "ies"
    if thing.endswith(("sh", "ch", "x")):
        return thing + "es"
    return thing + "s"


# ---- Products ------------------------------------------------------------------------------


def _batch(run: _Run, tree: _Tree, index: int) -> list[StockedProduct]:
    """The products of batch ``index`` (of BATCH chunks), each chunk drawn from its own
    stream, in product order: the order of their creation times."""
    batch: list[StockedProduct] = []
    first_chunk = index * BATCH
    for chunk in range(first_chunk, first_chunk + BATCH):
        start = chunk * CHUNK
        if start >= run.products:
            break
        rng = run.random(f"products:{chunk}")
        leaves = rng.choices(tree.leaves, cum_weights=tree.cum_weights, k=CHUNK)
        for n in range(start, min(start + CHUNK, run.products)):
            batch.append(_product(rng, leaves[n - start], run, n))
    return batch


def _product(rng: _Draw, leaf: _Leaf, run: _Run, n: int) -> StockedProduct:
    department = leaf.department
    brand = rng.pick(_BRANDS)
    thing = rng.pick(leaf.things)
    adjective = rng.pick(_ADJECTIVES)
    model = _model(rng)
    name = f"{brand} {adjective} {thing} {model}" if rng.random() < 0.8 else f"{brand} {thing}"
    color = rng.pick(_COLORS)
    material = rng.pick(department.materials or _MATERIALS)
    created = run.created(n, rng.random())
    product = Product.create(
        id=ProductId(_uuid(rng)),
        sku=Sku(f"{brand[:4].upper()}-{run.offset + n + 1:07d}"),
        name=ProductName(name),
        description=Description(_description(rng, name, thing, brand, color, material)),
        price=Money(_price(rng, department), "USD" if rng.random() < USD_SHARE else "EUR"),
        category_id=leaf.id,
        metadata=ProductMetadata(_metadata(rng, department, brand, color, material)),
        now=created,
        active=rng.random() >= INACTIVE_SHARE,
    )
    level = StockLevel.open(
        product_id=product.id, now=created, low_stock_threshold=rng.pick((0, 0, 5, 10, 20))
    )
    movements: tuple[StockMovement, ...] = ()
    if rng.random() >= OUT_OF_STOCK_SHARE:
        units = min(5_000, 1 + int(math.exp(rng.gauss(3.0, 1.2))))
        receive = StockMovementReason.RECEIVE
        movements = (level.adjust(units, receive, by=SEED_ACTOR_ID, now=created, note=STOCK_NOTE),)
    return StockedProduct(product=product, stock=level, movements=movements)


def _model(rng: _Draw) -> str:
    if rng.random() < 0.5:
        model = "".join(rng.pick(part) for part in _SYLLABLES).capitalize()
    else:
        model = f"{rng.pick(_MODEL_LETTERS)}{rng.between(1, 99) * 10 ** rng.between(0, 2)}"
    return f"{model} {rng.pick(_SERIES)}" if rng.random() < 0.2 else model


def _description(rng: _Draw, name: str, thing: str, brand: str, color: str, material: str) -> str:
    first_use, second_use = rng.pick(_USES), rng.pick(_USES)
    if second_use == first_use:
        second_use = _USES[(_USES.index(first_use) + 1) % len(_USES)]
    adjective = rng.pick(_ADJECTIVES).lower()
    article = "an" if adjective[0] in "aeiou" else "a"
    sentences = [
        f"The {name} is {article} {adjective} {thing.lower()} {rng.pick(_PURPOSES)}.",
        f"Made of {material}, it {rng.pick(_FEATURES)}.",
        f"Great for {first_use} and {second_use}.",
        f"Available in {color}." if rng.random() < 0.6 else "",
        rng.pick(_CLOSINGS).format(brand=brand),
    ]
    return " ".join(sentence for sentence in sentences if sentence)


def _price(rng: _Draw, department: _Department) -> int:
    """Log-normal around the department's median, ending as shop prices do."""
    cents = math.exp(rng.gauss(math.log(department.median_cents), department.spread))
    if cents < 1_000:
        return min(MAX_PRICE, int(cents) // 10 * 10 + 9)  # 3.49, 7.99
    ending = rng.pick(_ENDINGS)
    return min(MAX_PRICE, int(cents) // 100 * 100 + ending)


def _metadata(
    rng: _Draw, department: _Department, brand: str, color: str, material: str
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"brand": brand, "color": color}
    if rng.random() < 0.7:
        metadata["material"] = material
    tags = {rng.pick(_TAGS) for _ in range(rng.pick((0, 1, 2, 2, 3)))}
    if tags:
        metadata["tags"] = sorted(tags)
    metadata.update(department.extras(rng))
    return metadata


def _uuid(rng: _Draw) -> UUID:
    return UUID(int=rng.getrandbits(128), version=4)


# ---- The command ---------------------------------------------------------------------------


def run_seed(
    database_url: str, request: SeedRequest, *, console: Console | None = None
) -> SeedResult:
    """Seed the PostgreSQL catalog at ``database_url`` (migrated), showing a progress bar."""

    async def seed() -> SeedResult:
        pool = ConnectionPool(database_url, size=1)
        try:
            with _ProgressBar(request.products, console) as progress:
                return await seed_catalog(PostgresCatalogBulkLoader(pool), request, progress)
        finally:
            await pool.close()

    return asyncio.run(seed())


class _ProgressBar:
    """rich's progress bar on stderr (when it is a terminal): products loaded, then a spinner
    while the commit builds indexes and refreshes statistics."""

    def __init__(self, products: int, console: Console | None) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            disable=console is None and not sys.stderr.isatty(),
        )
        self._task: TaskID = self._progress.add_task("products", total=products)
        self._products = products

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def loaded(self, products: int) -> None:
        self._progress.advance(self._task, products)

    def finishing(self) -> None:
        self._progress.add_task("commit (indexes, VACUUM ANALYZE)", total=None)
