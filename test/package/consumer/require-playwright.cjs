// Run by the package test: a Playwright project compiled to CommonJS requires the adapter.
const adapter = require('@myelectricaldata/demo-account/playwright')

console.log(JSON.stringify(Object.keys(adapter).sort()))
