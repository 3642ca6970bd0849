// Language and the catalog are BankText's; every screen file uses them, so BankWeb hands them
// on to its own files and to whoever imports BankWeb (the CLI, the tests) in one place.
@_exported import BankText
