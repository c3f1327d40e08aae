// Check kinds of the auth area: register them with defineCheck().
export {};
