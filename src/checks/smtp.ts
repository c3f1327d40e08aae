// Check kinds of the smtp area: register them with defineCheck().
export {};
