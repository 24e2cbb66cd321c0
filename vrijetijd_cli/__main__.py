from vrijetijd_cli.cli import main

main()
