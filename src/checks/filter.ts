// Check kinds of the filter area: register them with defineCheck().
export {};
