"""The Django web platform of gongkai: agencies, the disclosure catalogue and its workflow, built on
`gongkai`."""
