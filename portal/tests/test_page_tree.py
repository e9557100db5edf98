"""Editors can only build a sensible page tree."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from portal.models import (
    CatalogueIndexPage,
    CataloguePage,
    HomePage,
    PathwayIndexPage,
    PathwayPage,
    StandardPage,
)


class PageTreeRules(WagtailPageTestCase):
    def test_the_home_page_holds_indexes_and_standard_pages(self):
        self.assertCanCreateAt(HomePage, CatalogueIndexPage)
        self.assertCanCreateAt(HomePage, PathwayIndexPage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanNotCreateAt(HomePage, CataloguePage)
        self.assertCanNotCreateAt(HomePage, PathwayPage)
        self.assertCanNotCreateAt(HomePage, HomePage)

    def test_catalogues_live_only_under_a_catalogue_index(self):
        self.assertCanCreateAt(CatalogueIndexPage, CataloguePage)
        self.assertCanNotCreateAt(CatalogueIndexPage, PathwayPage)
        self.assertCanNotCreateAt(PathwayIndexPage, CataloguePage)
        self.assertAllowedSubpageTypes(CataloguePage, {})

    def test_pathways_live_only_under_a_pathway_index(self):
        self.assertCanCreateAt(PathwayIndexPage, PathwayPage)
        self.assertCanNotCreateAt(PathwayIndexPage, StandardPage)
        self.assertAllowedParentPageTypes(PathwayPage, {PathwayIndexPage})
        self.assertAllowedSubpageTypes(PathwayPage, {})

    def test_standard_pages_nest_for_help_sections(self):
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_there_is_only_one_home_page(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
