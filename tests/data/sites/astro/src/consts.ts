export const SITE_TITLE = 'Trail Stories';
export const SITE_DESCRIPTION = 'Stories from the trail, built with Astro.';
