export default {
	title: "Valley Letters",
	url: "https://eleventy.example.org/",
	language: "en",
	description: "Letters from the valley, built with Eleventy.",
};
