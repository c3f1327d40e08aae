// Check kinds of the dns area: register them with defineCheck().
export {};
