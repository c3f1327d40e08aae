// Check kinds of the tls area: register them with defineCheck().
export {};
